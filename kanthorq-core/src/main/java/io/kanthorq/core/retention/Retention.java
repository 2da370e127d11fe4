package io.kanthorq.core.retention;

import io.kanthorq.core.TaskState;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.MaintenanceLease;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention: deletes old finished tasks and old events nothing needs any more, by a
 * {@link RetentionPolicy}. Off unless asked: the seed keeps streams until they are removed.
 *
 * <p>A pass first deletes, per consumer, Completed and Cancelled tasks older than
 * {@code completedTasks} and Discarded tasks older than {@code discardedTasks}; then, per stream,
 * events older than {@code events} that every consumer has moved past and whose tasks are all
 * Completed (see {@link EventRetention} for the exact rule). Every delete statement removes at most
 * {@code batchSize} rows in a transaction of its own, so locks are short and autovacuum can reclaim
 * space while a long pass runs.
 *
 * <p>One instance at a time: a pass takes the {@value #LEASE} row of {@code kanthorq_maintenance_lease}
 * (see {@link MaintenanceLease}; no session state, so it works through a transaction-pooling PgBouncer),
 * renews it between batches and is skipped when another instance holds it; a pass whose lease was lost
 * stops at its next batch. Use a {@link RetentionScheduler} to run passes periodically.
 */
public final class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private static final String CONSUMERS = "SELECT name FROM kanthorq_consumer_registry ORDER BY name";
    private static final String STREAMS = "SELECT name FROM kanthorq_stream_registry ORDER BY name";

    /** The lease that elects the instance running a pass. */
    static final String LEASE = "retention";

    /** How long a pass holds its lease without renewing it; it renews after a third of this. */
    static final Duration LEASE_TTL = Duration.ofSeconds(60);

    private final Jdbc jdbc;

    /** Retention over {@code jdbc}; applications get it from {@code Kanthorq.retention()}. */
    public Retention(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Runs one pass of {@code policy} now; returns what it removed, or a skipped report. */
    public RetentionReport run(RetentionPolicy policy) {
        return run(policy, () -> true);
    }

    /** Runs one pass, stopping between batches once {@code keepGoing} turns false. */
    RetentionReport run(RetentionPolicy policy, BooleanSupplier keepGoing) {
        long started = System.nanoTime();
        MaintenanceLease lease = new MaintenanceLease(LEASE, LEASE_TTL);
        return jdbc.detachedStatement("run retention", connection -> {
            if (!lease.tryAcquire(connection)) {
                log.debug("kanthorq: retention pass skipped: another instance is running one");
                return RetentionReport.skipped(Duration.ofNanos(System.nanoTime() - started));
            }
            // between batches: renew the lease, and stop when it was lost to another instance
            BooleanSupplier goOn = () -> keepGoing.getAsBoolean() && renewed(lease, connection);
            try {
                Map<String, Map<TaskState, Long>> tasks = removeTasks(connection, policy, goOn);
                Map<String, Long> events = removeEvents(connection, policy, goOn);
                RetentionReport report =
                        new RetentionReport(false, tasks, events, Duration.ofNanos(System.nanoTime() - started));
                if (report.totalTasksRemoved() + report.totalEventsRemoved() > 0) {
                    log.info(
                            "kanthorq: retention removed {} task(s) and {} event(s) in {} ms",
                            report.totalTasksRemoved(),
                            report.totalEventsRemoved(),
                            report.took().toMillis());
                }
                return report;
            } finally {
                release(lease, connection);
            }
        });
    }

    private static boolean renewed(MaintenanceLease lease, Connection connection) {
        try {
            if (lease.renewIfDue(connection)) {
                return true;
            }
            log.warn("kanthorq: retention pass stopped: its lease expired and another instance took it");
            return false;
        } catch (SQLException e) {
            throw Jdbc.failure("renew the retention lease", e);
        }
    }

    private static Map<String, Map<TaskState, Long>> removeTasks(
            Connection connection, RetentionPolicy policy, BooleanSupplier keepGoing) throws SQLException {
        Map<String, Map<TaskState, Long>> removed = new LinkedHashMap<>();
        if (policy.completedTasks() == null && policy.discardedTasks() == null) {
            return removed;
        }
        for (String consumer : Jdbc.query(connection, CONSUMERS, rs -> rs.getString(1))) {
            Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
            if (policy.completedTasks() != null) {
                long age = policy.completedTasks().toMillis();
                for (TaskState state : List.of(TaskState.COMPLETED, TaskState.CANCELLED)) {
                    counts.put(
                            state,
                            TaskRetention.delete(connection, consumer, state, age, policy.batchSize(), keepGoing));
                }
            }
            if (policy.discardedTasks() != null) {
                counts.put(
                        TaskState.DISCARDED,
                        TaskRetention.delete(
                                connection,
                                consumer,
                                TaskState.DISCARDED,
                                policy.discardedTasks().toMillis(),
                                policy.batchSize(),
                                keepGoing));
            }
            removed.put(consumer, counts);
        }
        return removed;
    }

    private static Map<String, Long> removeEvents(
            Connection connection, RetentionPolicy policy, BooleanSupplier keepGoing) throws SQLException {
        Map<String, Long> removed = new LinkedHashMap<>();
        if (policy.events() == null) {
            return removed;
        }
        for (String stream : Jdbc.query(connection, STREAMS, rs -> rs.getString(1))) {
            removed.put(
                    stream,
                    EventRetention.delete(
                            connection, stream, policy.events().toMillis(), policy.batchSize(), keepGoing));
        }
        return removed;
    }

    private static void release(MaintenanceLease lease, Connection connection) {
        try {
            lease.release(connection);
        } catch (SQLException e) {
            // the lease expires on its own
            log.warn("kanthorq: could not release the retention lease: {}", e.getMessage());
        }
    }
}
