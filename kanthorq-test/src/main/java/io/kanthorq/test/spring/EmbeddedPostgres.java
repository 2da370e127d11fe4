package io.kanthorq.test.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.springframework.boot.SpringApplication;

/**
 * The PostgreSQL server of {@link KanthorqTest}: {@code KANTHORQ_TEST_JDBC_URL} (with {@code _USER} and
 * {@code _PASSWORD}) when set, else one embedded PostgreSQL per JVM (zonky's binaries: no Docker, no
 * setup), started on first use and stopped when the JVM exits. Each test context gets a schema of its
 * own, so contexts never see each other's streams.
 */
final class EmbeddedPostgres {

    /** A schema of the server: its JDBC URL selects it as the search path. */
    record Schema(String name, String jdbcUrl, String user, String password) {

        /** Drops the schema and everything in it. */
        void drop() {
            try (Connection connection = DriverManager.getConnection(server().url(), user, password);
                    Statement statement = connection.createStatement()) {
                statement.execute("SET lock_timeout = '5s'");
                statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException("kanthorq test: cannot drop test schema " + name, e);
            }
        }
    }

    private record Server(String url, String user, String password) {}

    private static Server server;

    private EmbeddedPostgres() {}

    /** A new, empty schema. */
    static Schema newSchema() {
        Server s = server();
        // a random hex name: safe as an identifier
        String name = "kq_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(s.url(), s.user(), s.password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("kanthorq test: cannot create a test schema on " + s.url(), e);
        }
        String url = s.url() + (s.url().contains("?") ? "&" : "?") + "currentSchema=" + name;
        return new Schema(name, url, s.user(), s.password());
    }

    private static synchronized Server server() {
        if (server == null) {
            server = start();
        }
        return server;
    }

    private static Server start() {
        String url = System.getenv("KANTHORQ_TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            return new Server(
                    url, envOr("KANTHORQ_TEST_JDBC_USER", "postgres"), envOr("KANTHORQ_TEST_JDBC_PASSWORD", ""));
        }
        try {
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres =
                    io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                            // a test database: durability is not the point, speed is
                            .setServerConfig("fsync", "off")
                            .setServerConfig("synchronous_commit", "off")
                            .setServerConfig("max_connections", "300")
                            // stopped below, after the contexts: zonky's own hook would stop it beside them
                            .setRegisterShutdownHook(false)
                            .start();
            // Spring Boot's shutdown handlers run once every context is closed, so the contexts' pools,
            // workers and outcome writers finish against a live server instead of waiting out timeouts
            SpringApplication.getShutdownHandlers().add(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // the JVM is exiting
                }
            });
            return new Server(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("kanthorq test: cannot start the embedded PostgreSQL", e);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
