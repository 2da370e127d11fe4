package io.kanthorq.core.worker;

import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.core.KanthorqException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The connections the worker side of an engine may hold at once, whatever the number of its consumers:
 * every loop turn, outcome batch, lease extension, rescue and scan borrows one permit with its connection
 * and gives it back with it. None of them asks for a second connection while it holds one, so a budget
 * of any size cannot deadlock. Permits are handed out in arrival order, so a busy consumer cannot starve
 * the others. The {@code LISTEN} connection and the application's own publishing are outside the budget.
 */
final class ConnectionBudget implements ConnectionProvider {

    /** Longest wait for a permit before the operation fails (and its loop backs off). */
    static final long MAX_WAIT_SECONDS = 30;

    private final ConnectionProvider provider;
    private final Semaphore permits;
    private final int size;

    ConnectionBudget(ConnectionProvider provider, int size) {
        this.provider = provider;
        this.size = size;
        this.permits = new Semaphore(size, true);
    }

    @Override
    public Connection acquire() throws SQLException {
        return acquireDetached();
    }

    @Override
    public void release(Connection connection) throws SQLException {
        releaseDetached(connection);
    }

    @Override
    public Connection acquireDetached() throws SQLException {
        take();
        try {
            return provider.acquireDetached();
        } catch (SQLException | RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    @Override
    public void releaseDetached(Connection connection) throws SQLException {
        try {
            provider.releaseDetached(connection);
        } finally {
            permits.release();
        }
    }

    private void take() {
        try {
            if (!permits.tryAcquire(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new KanthorqException("kanthorq: no worker connection free within " + MAX_WAIT_SECONDS
                        + " s (kanthorq.worker-connections is " + size + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KanthorqException("kanthorq: interrupted while waiting for a worker connection", e);
        }
    }
}
