package io.kanthorq.core.testsupport;

import io.kanthorq.core.ConnectionProvider;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** A provider over a data source that counts the connections borrowed, open now and open at most. */
public final class CountingConnections implements ConnectionProvider {

    private final ConnectionProvider pool;
    private final AtomicInteger borrowed = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();

    public CountingConnections(DataSource dataSource) {
        this.pool = ConnectionProvider.of(dataSource);
    }

    @Override
    public Connection acquire() throws SQLException {
        borrowed.incrementAndGet();
        mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        return pool.acquire();
    }

    @Override
    public void release(Connection connection) throws SQLException {
        open.decrementAndGet();
        pool.release(connection);
    }

    /** Connections borrowed so far. */
    public int borrowed() {
        return borrowed.get();
    }

    /** Most connections open at once since the start or the last {@link #resetMostOpen}. */
    public int mostOpen() {
        return mostOpen.get();
    }

    /** Starts counting the most open connections again from those open now. */
    public void resetMostOpen() {
        mostOpen.set(open.get());
    }
}
