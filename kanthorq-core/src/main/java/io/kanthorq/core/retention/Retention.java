package io.kanthorq.core.retention;

import io.kanthorq.core.TaskState;
import io.kanthorq.core.internal.AdvisoryLocks;
import io.kanthorq.core.internal.Jdbc;
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
 * <p>One instance at a time: a pass takes a session advisory lock with
 * {@code pg_try_advisory_lock} on one connection, which it holds for the pass, and is skipped when
 * another instance holds it. Use a {@link RetentionScheduler} to run passes periodically.
 */
public final class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private static final String CONSUMERS = "SELECT name FROM kanthorq_consumer_registry ORDER BY name";
    private static final String STREAMS = "SELECT name FROM kanthorq_stream_registry ORDER BY name";

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
        return jdbc.detachedStatement("run retention", connection -> {
            if (!AdvisoryLocks.tryRetentionPass(connection)) {
                log.debug("kanthorq: retention pass skipped: another instance is running one");
                return RetentionReport.skipped(Duration.ofNanos(System.nanoTime() - started));
            }
            try {
                Map<String, Map<TaskState, Long>> tasks = removeTasks(connection, policy, keepGoing);
                Map<String, Long> events = removeEvents(connection, policy, keepGoing);
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
                release(connection);
            }
        });
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

    private static void release(Connection connection) {
        try {
            AdvisoryLocks.releaseRetentionPass(connection);
        } catch (SQLException e) {
            // a broken connection has lost its session and the lock with it
            log.warn("kanthorq: could not release the retention lock: {}", e.getMessage());
        }
    }
}
