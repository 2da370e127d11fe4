package io.kanthorq.core.testsupport;

import org.testcontainers.postgresql.PostgreSQLContainer;

/** Starts PostgreSQL with Testcontainers; kept apart so its classes load only when asked for. */
final class TestcontainersServer {

    private TestcontainersServer() {}

    static TestDatabase.Server start() {
        @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
        PostgreSQLContainer container =
                new PostgreSQLContainer("postgres:17-alpine").withCommand("postgres", "-c", "max_connections=300");
        container.start();
        return new TestDatabase.Server(
                "testcontainers", container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }
}
