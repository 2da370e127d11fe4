package io.kanthorq.core.testsupport;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** An isolated schema for one test, with a pool whose connections use it; closing drops it. */
public final class TestSchema implements AutoCloseable {

    private final TestDatabase.Server server;
    private final String name;
    private final HikariDataSource dataSource;

    TestSchema(TestDatabase.Server server, String name, HikariDataSource dataSource) {
        this.server = server;
        this.name = name;
        this.dataSource = dataSource;
    }

    /** The schema name. */
    public String name() {
        return name;
    }

    /** A pool whose connections have this schema as search path. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL of this schema. */
    public String jdbcUrl() {
        return TestDatabase.withSchema(server.jdbcUrl(), name);
    }

    /** The server this schema lives on. */
    public TestDatabase.Server server() {
        return server;
    }

    /** Applies the registry migrations the way the starter does (dedicated history table). */
    public TestSchema migrate() {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(name)
                .locations("classpath:db/kanthorq/migration")
                .table("kanthorq_schema_history")
                .load()
                .migrate();
        return this;
    }

    /** A new unpooled connection to this schema (the caller closes it). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), server.user(), server.password());
    }

    @Override
    public void close() {
        dataSource.close();
        try (Connection admin = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password())) {
            admin.createStatement().execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + name, e);
        }
    }
}
