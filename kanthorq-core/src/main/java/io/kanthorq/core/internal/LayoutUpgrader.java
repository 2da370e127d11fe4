package io.kanthorq.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrades existing tables to the current layout in the background: builds the indexes a table of an
 * earlier release lacks with {@code CREATE INDEX CONCURRENTLY}, which neither blocks the table's
 * readers and writers nor is blocked by them for longer than a {@code lock_timeout}. An attempt that
 * cannot finish (an old transaction in the way, a build left invalid, another instance upgrading the
 * same table) is logged and retried with a growing pause until it succeeds or the engine stops; the
 * table keeps working as it is meanwhile. One instance at a time upgrades a table (a
 * {@link MaintenanceLease} per table), so an instance never drops another's build in progress as an
 * invalid leftover.
 */
public final class LayoutUpgrader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LayoutUpgrader.class);

    private static final String LOCK_TIMEOUT = "2s";
    /**
     * How long an upgrade holds its table's lease: a build cannot renew it while its one statement runs,
     * so this bounds how long an instance that died mid-build keeps the others from retrying.
     */
    static final Duration LEASE_TTL = Duration.ofHours(1);

    private final Jdbc jdbc;
    private final boolean ownSession;
    /** First pause after an attempt that could not finish; it doubles up to {@link #MAX_RETRY}. */
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final Map<String, TableLayout.Table> pending = new ConcurrentHashMap<>();
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService executor;
    private volatile Statement running;
    private volatile boolean closed;

    /**
     * An upgrader over {@code jdbc}; its thread starts with the first upgrade. Without
     * {@code ownSession} (connections from a transaction pooler, where a session setting would outlive
     * the build on a server connection other clients then use) a build sets no {@code lock_timeout}: it
     * then waits as long as old transactions on the table stay open, which blocks none of the table's
     * readers and writers.
     */
    public LayoutUpgrader(Jdbc jdbc, boolean ownSession) {
        this.jdbc = jdbc;
        this.ownSession = ownSession;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "kanthorq-layout-upgrade");
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
    }

    /** Upgrades {@code table} in the background unless it is already queued. */
    public void upgrade(TableLayout.Table table) {
        if (closed || pending.putIfAbsent(table.name(), table) != null) {
            return;
        }
        started.add(table.name());
        log.info(
                "kanthorq: table {} lacks index(es) of its layout; building them in the background without blocking"
                        + " its readers or writers",
                table.name());
        executor.execute(() -> attempt(table, FIRST_RETRY));
    }

    /** Tables with an upgrade still to do. */
    public Set<String> pending() {
        return Set.copyOf(pending.keySet());
    }

    /** Tables this upgrader was asked to upgrade since it was created, finished or not. */
    public Set<String> started() {
        return Set.copyOf(started);
    }

    /** Waits up to {@code timeout} until no upgrade is pending; returns whether none is. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty() && !closed) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return pending.isEmpty();
    }

    private void attempt(TableLayout.Table table, Duration pause) {
        if (closed) {
            return;
        }
        try {
            if (upgraded(table)) {
                pending.remove(table.name());
                return;
            }
            log.info(
                    "kanthorq: another instance is upgrading table {}; checking again in {} ms",
                    table.name(),
                    pause.toMillis());
        } catch (RuntimeException e) {
            if (closed) {
                return;
            }
            log.warn(
                    "kanthorq: layout upgrade of table {} not done yet, retrying in {} ms (the table works as it is"
                            + " meanwhile): {}",
                    table.name(),
                    pause.toMillis(),
                    e.getMessage());
        }
        Duration next = pause.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : pause.multipliedBy(2);
        executor.schedule(() -> attempt(table, next), pause.toMillis(), TimeUnit.MILLISECONDS);
    }

    // Autocommit: a concurrent build cannot run inside a transaction block.
    private boolean upgraded(TableLayout.Table table) {
        return jdbc.detachedStatement("upgrade the layout of table " + table.name(), connection -> {
            MaintenanceLease lease = new MaintenanceLease("layout:" + table.name(), LEASE_TTL);
            if (!lease.tryAcquire(connection)) {
                return false;
            }
            try {
                if (ownSession) {
                    execute(connection, "SET lock_timeout = '" + LOCK_TIMEOUT + "'");
                }
                TableCatalog.State state = TableCatalog.read(connection, table);
                for (TableLayout.Index index : state.exists() ? state.missing() : List.<TableLayout.Index>of()) {
                    if (TableCatalog.indexExists(connection, index.name())) {
                        log.info("kanthorq: dropping index {}, left invalid by an earlier build", index.name());
                        execute(connection, "DROP INDEX CONCURRENTLY IF EXISTS " + index.name());
                    }
                    long started = System.nanoTime();
                    execute(connection, index.createConcurrently());
                    log.info(
                            "kanthorq: built index {} of table {} in {} ms",
                            index.name(),
                            table.name(),
                            (System.nanoTime() - started) / 1_000_000);
                }
                return true;
            } finally {
                try {
                    if (ownSession) {
                        execute(connection, "RESET lock_timeout");
                    }
                    lease.release(connection);
                } catch (SQLException e) {
                    // a broken connection has lost its session and its setting; the lease expires
                }
            }
        });
    }

    private void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            running = statement;
            statement.execute(sql);
        } finally {
            running = null;
        }
    }

    /** Stops upgrading: cancels a build under way (left invalid, redone at the next start). */
    @Override
    public void close() {
        closed = true;
        Statement statement = running;
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                // the connection is going away anyway
            }
        }
        executor.shutdownNow();
        if (!pending.isEmpty()) {
            log.info("kanthorq: layout upgrade of {} left for the next start", pending.keySet());
        }
    }
}
