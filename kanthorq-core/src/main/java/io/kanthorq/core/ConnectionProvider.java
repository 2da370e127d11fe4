package io.kanthorq.core;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * How the engine reaches PostgreSQL. A provider may hand out the connection of a transaction the
 * caller already runs (the Spring starter does, through {@code DataSourceUtils}); the engine then
 * joins it and never commits or rolls it back. A connection in auto-commit mode is the engine's
 * own: it opens and ends its transactions on it.
 */
public interface ConnectionProvider {

    /** A connection to use for one operation; handed back through {@link #release}. */
    Connection acquire() throws SQLException;

    /** Returns a connection obtained from {@link #acquire}. */
    void release(Connection connection) throws SQLException;

    /**
     * A connection outside any caller's transaction, for work that must commit on its own
     * (worker loops, registration, the LISTEN connection). Defaults to {@link #acquire}.
     */
    default Connection acquireDetached() throws SQLException {
        return acquire();
    }

    /** Returns a connection obtained from {@link #acquireDetached}. */
    default void releaseDetached(Connection connection) throws SQLException {
        release(connection);
    }

    /** A provider over a {@link DataSource}: every connection is new and closed on release. */
    static ConnectionProvider of(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new ConnectionProvider() {
            @Override
            public Connection acquire() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void release(Connection connection) throws SQLException {
                connection.close();
            }
        };
    }

    /**
     * Connections straight from the JDBC driver, one per {@link #acquire}, closed on release: for the
     * engine's session connection behind a transaction-pooling PgBouncer
     * ({@code Kanthorq.Builder.sessionConnections}), which must reach PostgreSQL itself.
     */
    static ConnectionProvider direct(String url, String user, String password) {
        Objects.requireNonNull(url, "url");
        return new ConnectionProvider() {
            @Override
            public Connection acquire() throws SQLException {
                return DriverManager.getConnection(url, user, password);
            }

            @Override
            public void release(Connection connection) throws SQLException {
                connection.close();
            }
        };
    }
}
