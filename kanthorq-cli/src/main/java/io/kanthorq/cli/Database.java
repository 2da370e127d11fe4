package io.kanthorq.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.KanthorqException;
import javax.sql.DataSource;

/**
 * The database of one CLI run: a small connection pool and an engine over it, both closed when the
 * command ends.
 */
final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final Kanthorq kanthorq;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.kanthorq = Kanthorq.builder(ConnectionProvider.of(dataSource)).build();
    }

    /** Connects (failing fast when the server cannot be reached) with at most {@code poolSize} connections. */
    static Database connect(String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(10_000);
        config.setPoolName("kanthorq-cli");
        try {
            return new Database(new HikariDataSource(config));
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new KanthorqException("cannot connect to the database: " + cause.getMessage(), e);
        }
    }

    DataSource dataSource() {
        return dataSource;
    }

    Kanthorq kanthorq() {
        return kanthorq;
    }

    @Override
    public void close() {
        kanthorq.stop();
        dataSource.close();
    }
}
