package io.kanthorq.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The server benchmarks run against: a JDBC URL (default the local server), or an embedded
 * PostgreSQL when that is not reachable. Each scenario gets a fresh schema.
 */
public final class BenchDatabase implements AutoCloseable {

    /** Default server: the local PostgreSQL. */
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private final String url;
    private final String user;
    private final String password;
    private final String description;
    private final EmbeddedPostgres embedded;

    private BenchDatabase(String url, String user, String password, String description, EmbeddedPostgres embedded) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.description = description;
        this.embedded = embedded;
    }

    /** {@code url} if reachable; else, when {@code fallBackToEmbedded}, an embedded PostgreSQL. */
    public static BenchDatabase connect(String url, String user, String password, boolean fallBackToEmbedded) {
        try (Connection ignored = DriverManager.getConnection(url, user, password)) {
            return new BenchDatabase(url, user, password, url, null);
        } catch (SQLException e) {
            if (!fallBackToEmbedded) {
                throw new IllegalStateException("cannot connect to " + url + ": " + e.getMessage(), e);
            }
            System.out.println(
                    "benchmarks: " + url + " not reachable (" + e.getMessage() + "); starting an embedded PostgreSQL");
            return embedded();
        }
    }

    /** Coordinates of an existing server (used by the smoke test). */
    public static BenchDatabase of(String url, String user, String password) {
        return new BenchDatabase(url, user, password, url, null);
    }

    private static BenchDatabase embedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            return new BenchDatabase(
                    postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", "embedded PostgreSQL", postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    /** What was connected to, for the report. */
    public String description() {
        return description;
    }

    /** A plain connection to the server's default schema. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** A new migrated schema with a pool of {@code poolSize}; closing drops it. */
    public Schema newSchema(int poolSize) {
        String name =
                "kq_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = connect()) {
            admin.createStatement().execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + name, e);
        }
        HikariConfig config = poolConfig(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("bench-" + name);
        HikariDataSource dataSource = new HikariDataSource(config);
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(name)
                .locations("classpath:db/kanthorq/migration")
                .table("kanthorq_schema_history")
                .load()
                .migrate();
        return new Schema(name, config.getJdbcUrl(), dataSource);
    }

    /** The JDBC URL of another database of this server (its parameters kept). */
    public String url(String database) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?');
        return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
    }

    /** A pool configuration for {@code jdbcUrl} with this server's user and password, Hikari's defaults else. */
    HikariConfig poolConfig(String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        return config;
    }

    /**
     * The server as a libpq URL ({@code postgres://user:password@host:port/database}) for the peers
     * that are not on the JVM; the JDBC URL's parameters are dropped.
     */
    public String libpqUrl() {
        String hostAndDatabase = url.substring("jdbc:postgresql://".length()).split("\\?")[0];
        String credentials = URLEncoder.encode(user, StandardCharsets.UTF_8)
                + (password.isEmpty() ? "" : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8));
        return "postgres://" + credentials + "@" + hostAndDatabase;
    }

    /** The user benchmarks connect as. */
    public String user() {
        return user;
    }

    /** The password benchmarks connect with. */
    public String password() {
        return password;
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }

    /** A benchmark's schema. */
    public final class Schema implements AutoCloseable {
        private final String name;
        private final String jdbcUrl;
        private final HikariDataSource dataSource;

        private Schema(String name, String jdbcUrl, HikariDataSource dataSource) {
            this.name = name;
            this.jdbcUrl = jdbcUrl;
            this.dataSource = dataSource;
        }

        /** The JDBC URL of this schema (its search path set). */
        public String jdbcUrl() {
            return jdbcUrl;
        }

        /**
         * A configuration for another pool on this schema, Hikari's defaults else; {@code parameters}
         * (e.g. {@code ApplicationName=x}) are added to the URL.
         */
        public HikariConfig poolConfig(String parameters) {
            return BenchDatabase.this.poolConfig(parameters.isEmpty() ? jdbcUrl : jdbcUrl + "&" + parameters);
        }

        /** Its pool. */
        public DataSource dataSource() {
            return dataSource;
        }

        /** A new unpooled connection with this schema as search path. */
        public Connection connect() throws SQLException {
            Connection connection = BenchDatabase.this.connect();
            connection.createStatement().execute("SET search_path TO " + name);
            return connection;
        }

        @Override
        public void close() {
            dataSource.close();
            try (Connection admin = BenchDatabase.this.connect()) {
                admin.createStatement().execute("DROP SCHEMA " + name + " CASCADE");
            } catch (SQLException e) {
                System.out.println("benchmarks: could not drop schema " + name + ": " + e.getMessage());
            }
        }
    }
}
