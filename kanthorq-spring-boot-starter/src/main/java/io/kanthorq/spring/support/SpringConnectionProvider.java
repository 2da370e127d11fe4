package io.kanthorq.spring.support;

import io.kanthorq.core.ConnectionProvider;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Connects the engine to the application's {@link DataSource}. {@link #acquire()} hands out the
 * connection of the current Spring transaction when there is one (so a publish commits or rolls
 * back with it) and a fresh auto-commit connection otherwise. Detached connections always come
 * straight from the pool, never from the caller's transaction: workers, registration and
 * {@code LISTEN} commit on their own.
 */
public final class SpringConnectionProvider implements ConnectionProvider {

    private final DataSource dataSource;
    private final DataSource detached;

    /** A provider over {@code dataSource}. */
    public SpringConnectionProvider(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        // A transaction-aware proxy would hand detached work the caller's connection: bypass it.
        this.detached =
                dataSource instanceof TransactionAwareDataSourceProxy proxy ? proxy.getTargetDataSource() : dataSource;
    }

    /** The data source the engine uses. */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public Connection acquire() throws SQLException {
        return DataSourceUtils.doGetConnection(dataSource);
    }

    @Override
    public void release(Connection connection) throws SQLException {
        DataSourceUtils.doReleaseConnection(connection, dataSource);
    }

    @Override
    public Connection acquireDetached() throws SQLException {
        return detached.getConnection();
    }

    @Override
    public void releaseDetached(Connection connection) throws SQLException {
        connection.close();
    }
}
