package io.kanthorq.core.internal;

import io.kanthorq.core.KanthorqException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Runs a registration transaction that may have to wait for locks other sessions hold, without
 * waiting without limit: every attempt runs under a {@code lock_timeout} of at most a second, a lock
 * timeout or a deadlock rolls the attempt back and tries again shortly after, and once the budget is
 * spent the operation fails naming the tables and the processes that held the locks.
 *
 * @param jdbc        where the work runs
 * @param budget      how long the work may wait for locks in all
 * @param advisoryKey the advisory lock the work takes (named in the failure when another session holds it)
 */
public record BoundedLockWait(Jdbc jdbc, Duration budget, long advisoryKey) {

    public static final String LOCK_NOT_AVAILABLE = "55P03";
    public static final String DEADLOCK_DETECTED = "40P01";

    private static final long MAX_ATTEMPT_MS = 1000;
    private static final long MIN_ATTEMPT_MS = 50;

    // Sessions whose transaction is older than the wait and that hold the registration lock or a lock
    // stronger than a plain read on one of the tables: the candidates for what blocked us.
    private static final String HOLDERS = """
            SELECT a.pid, coalesce(a.state, '?'),
                   (extract(epoch FROM clock_timestamp() - a.xact_start) * 1000)::bigint,
                   left(regexp_replace(coalesce(a.query, ''), '\\s+', ' ', 'g'), 120)
            FROM pg_stat_activity a
            WHERE a.pid <> pg_backend_pid()
              AND a.xact_start < clock_timestamp() - make_interval(secs => ?)
              AND a.pid IN (SELECT l.pid FROM pg_locks l
                            WHERE l.granted
                              AND ((l.locktype = 'advisory' AND l.classid = ?::bigint::oid
                                    AND l.objid = ?::bigint::oid AND l.objsubid = 1)
                                OR (l.locktype = 'relation' AND l.mode <> 'AccessShareLock'
                                    AND l.relation IN (SELECT to_regclass(n) FROM unnest(?::text[]) n))))
            ORDER BY a.xact_start
            """;

    /**
     * Runs {@code work} in a transaction, again after each lock timeout or deadlock until the budget is
     * spent. {@code tables} are the tables the work locks, named in the failure.
     */
    public <T> T inTransaction(String operation, List<String> tables, Jdbc.Work<T> work) {
        long deadline = System.nanoTime() + budget.toNanos();
        return jdbc.detachedStatement(operation, connection -> {
            long pause = 20;
            while (true) {
                long remaining = (deadline - System.nanoTime()) / 1_000_000;
                long timeout = Math.max(MIN_ATTEMPT_MS, Math.min(MAX_ATTEMPT_MS, remaining));
                try {
                    return Jdbc.inTransaction(connection, c -> {
                        Jdbc.queryOne(c, "SELECT set_config('lock_timeout', ?, true)", rs -> null, timeout + "ms");
                        return work.run(c);
                    });
                } catch (SQLException e) {
                    if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState()) && !DEADLOCK_DETECTED.equals(e.getSQLState())) {
                        throw e;
                    }
                    if (remaining <= timeout) {
                        throw blocked(connection, operation, tables, e);
                    }
                }
                sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                pause = Math.min(pause * 2, 250);
            }
        });
    }

    /** A session that held a lock the work waited for. */
    private record Holder(long pid, String state, long openMs, String lastStatement) {
        @Override
        public String toString() {
            return "process " + pid + " (" + state + ", transaction open for " + openMs + " ms, last statement: "
                    + lastStatement + ")";
        }
    }

    private KanthorqException blocked(Connection connection, String operation, List<String> tables, SQLException e)
            throws SQLException {
        List<Holder> holders = Jdbc.query(
                connection,
                HOLDERS,
                rs -> new Holder(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4)),
                budget.toMillis() / 2000.0,
                advisoryKey >>> 32,
                advisoryKey & 0xffffffffL,
                new Jdbc.SqlArray("text", tables.toArray()));
        String blockers = holders.isEmpty()
                ? "no session holds them any more"
                : "held by "
                        + holders.stream()
                                .map(Holder::toString)
                                .reduce((a, b) -> a + "; " + b)
                                .orElseThrow()
                        + ". End that transaction (or SELECT pg_terminate_backend("
                        + holders.get(0).pid()
                        + ")) and start again";
        return new KanthorqException(
                "kanthorq: " + operation + " failed: could not take the registration lock or a"
                        + " lock on " + String.join(", ", tables) + " within " + budget.toMillis() + " ms ("
                        + e.getMessage()
                        + "); " + blockers + ". The wait is bounded by the registration lock timeout"
                        + " (kanthorq.registration-lock-timeout)",
                e);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new KanthorqException("kanthorq: interrupted while waiting to retry a registration", interrupted);
        }
    }
}
