package io.kanthorq.core.management;

import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.KanthorqException;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.internal.AdvisoryLocks;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.KeyQueue;
import io.kanthorq.core.internal.Registry;
import io.kanthorq.core.internal.Sql;
import io.kanthorq.core.internal.TableNames;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Operator actions on tasks: inspect, cancel, redrive. Redrive and cancel leave the claim token
 * untouched, so a worker still holding an old claim cannot acknowledge the task afterwards.
 */
final class TaskOperations {

    private static final String FIND_WITH_ERRORS = "SELECT " + TasksWithErrors.COLUMNS + "\nFROM %1$s t "
            + TasksWithErrors.JOIN + "\nWHERE t.event_id = ?\nORDER BY x.n";

    // Events of the consumer's stream not yet turned into tasks (whatever their subject): not visible
    // in the cursor, and not already moved by the window in progress.
    static final String EVENTS_NOT_MOVED = """
            SELECT count(*) FROM %1$s s, kanthorq_consumer_registry r
            WHERE r.name = ?
              AND (s.txid >= pg_snapshot_xmax(r.cursor_snapshot)
                   OR s.txid = ANY (ARRAY(SELECT pg_snapshot_xip(r.cursor_snapshot))))
              AND NOT coalesce(pg_visible_in_snapshot(s.txid, r.window_snapshot)
                               AND (s.txid, s.id) <= (r.position_txid, r.position_id), false)
            """;

    // A Discarded task that blocks its key (ordering: key, on-discard: block) may be cancelled too: that
    // is how an operator lets the tasks behind it go on without running it.
    private static final String CANCEL = Sql.format("""
            UPDATE %1$s SET state = {CANCELLED}, finalized_at = {now}, updated_at = {now}
            WHERE event_id = ANY (?::text[])
              AND (state IN ({PENDING}, {AVAILABLE}, {RETRYABLE})
                   OR (state = {DISCARDED} AND ordering_key IS NOT NULL
                       AND EXISTS (SELECT 1 FROM kanthorq_consumer_registry r
                                   WHERE r.name = ? AND r.ordering = 'key' AND r.on_discard = 'block')))
            RETURNING ordering_key
            """);

    // Attempts restart from zero; the error history is kept for inspection. A task with an ordering key
    // (kept only by consumers ordered by key) goes back into its key's queue as Pending, at its place in
    // delivery order; the promotion after this statement makes it Available when its key has no head.
    // %3$s selects the tasks.
    private static final String REDRIVE_TEMPLATE = Sql.format("""
            WITH redriven AS (
                UPDATE %1$s SET state = CASE WHEN ordering_key IS NULL THEN {AVAILABLE} ELSE {PENDING} END,
                                attempt_count = 0, schedule_at = {now}, finalized_at = NULL, updated_at = {now}
                WHERE %3$s
                RETURNING ordering_key
            )
            SELECT count(*), array_agg(DISTINCT ordering_key) FILTER (WHERE ordering_key IS NOT NULL),
                   pg_notify('%2$s', ?)
            FROM redriven
            """, "%1$s", Sql.CHANNEL, "%2$s");

    private static final String REDRIVE = REDRIVE_TEMPLATE.formatted(
            "%1$s", Sql.format("event_id = ANY (?::text[]) AND state IN ({DISCARDED}, {CANCELLED})"));

    private static final String REDRIVE_ALL = REDRIVE_TEMPLATE.formatted("%1$s", "state = ?");

    private final Jdbc jdbc;

    TaskOperations(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The task of {@code consumer} for event {@code eventId}, with its error history, both read by one
     * statement: two would let a failure written between them pair a new state with the old history.
     */
    Optional<TaskRecord> find(String consumer, String eventId) {
        String table = TableNames.consumerTable(consumer);
        return jdbc.detachedStatement("find task " + eventId + " of consumer '" + consumer + "'", connection -> {
            TasksWithErrors found = new TasksWithErrors(consumer);
            Jdbc.query(connection, FIND_WITH_ERRORS.formatted(table), found::add, eventId);
            return found.records().stream().findFirst();
        });
    }

    /**
     * How many events of the consumer's stream have not been turned into tasks yet (the mover's lag;
     * events outside the consumer's subjects count until the mover passes them).
     */
    long eventsNotMoved(String consumer) {
        String sql = EVENTS_NOT_MOVED.formatted(TableNames.streamTable(streamOf(consumer)));
        return jdbc.detachedStatement(
                "count events not moved for consumer '" + consumer + "'",
                connection -> Jdbc.queryOne(connection, sql, rs -> rs.getLong(1), consumer));
    }

    /**
     * Cancels Pending/Available/Retryable tasks (and Discarded ones that block their key); returns how
     * many changed. Cancelling a key's head lets its next task go on.
     */
    int cancel(String consumer, List<String> eventIds) {
        String sql = CANCEL.formatted(TableNames.consumerTable(consumer));
        return jdbc.detached("cancel tasks of consumer '" + consumer + "'", connection -> {
            List<String> keys = Jdbc.query(
                    connection, sql, rs -> rs.getString(1), new Jdbc.SqlArray("text", eventIds.toArray()), consumer);
            List<String> freed =
                    keys.stream().filter(Objects::nonNull).distinct().toList();
            if (!freed.isEmpty()) {
                // after the update, so waiting for the lock holds no advisory lock while rows are locked
                AdvisoryLocks.lockKeysShared(connection, consumer);
                KeyQueue.promote(connection, consumer, freed);
            }
            return keys.size();
        });
    }

    /**
     * Makes Discarded/Cancelled tasks Available again with attempts reset (a task of an ordering key
     * rejoins its key's queue); returns how many changed.
     */
    int redrive(String consumer, List<String> eventIds) {
        String sql = REDRIVE.formatted(TableNames.consumerTable(consumer));
        String stream = streamOf(consumer);
        return redrive(
                "redrive tasks of consumer '" + consumer + "'",
                consumer,
                sql,
                new Jdbc.SqlArray("text", eventIds.toArray()),
                stream);
    }

    /** Redrives every task of {@code consumer} in {@code state} (Discarded or Cancelled). */
    int redriveAll(String consumer, TaskState state) {
        if (state != TaskState.DISCARDED && state != TaskState.CANCELLED) {
            throw new InvalidInputException("only Discarded or Cancelled tasks can be redriven, not " + state);
        }
        String sql = REDRIVE_ALL.formatted(TableNames.consumerTable(consumer));
        String stream = streamOf(consumer);
        return redrive(
                "redrive " + state + " tasks of consumer '" + consumer + "'", consumer, sql, state.code(), stream);
    }

    /**
     * Redrives the tasks of {@code consumer} that {@code condition} selects (fixed SQL text; its values are
     * {@code params}, bound in order); returns how many changed.
     */
    int redriveWhere(String operation, String consumer, String condition, List<Object> params) {
        String sql = REDRIVE_TEMPLATE.formatted(TableNames.consumerTable(consumer), condition);
        List<Object> all = new java.util.ArrayList<>(params);
        all.add(streamOf(consumer));
        return redrive(operation, consumer, sql, all.toArray());
    }

    // A redriven task of a key waits (Pending) whatever its key's state; the promotion after the update,
    // under the ordering lock (shared, taken after the update like every finish), makes it the key's head
    // when the key has none, with the lowest delivery number first.
    private int redrive(String operation, String consumer, String sql, Object... params) {
        return jdbc.detached(operation, connection -> {
            Object[] row = Jdbc.queryOne(connection, sql, rs -> new Object[] {rs.getInt(1), rs.getArray(2)}, params);
            java.sql.Array keys = (java.sql.Array) row[1];
            if (keys != null) {
                // tasks with a key exist only in consumers that are (or were) ordered by key
                AdvisoryLocks.lockKeysShared(connection, consumer);
                KeyQueue.promote(connection, consumer, List.of((String[]) keys.getArray()));
            }
            return (Integer) row[0];
        });
    }

    String streamOf(String consumer) {
        return jdbc.detachedStatement("read consumer '" + consumer + "'", connection -> {
            String stream = Registry.streamOf(connection, consumer);
            if (stream == null) {
                throw new KanthorqException("kanthorq: consumer '" + consumer + "' is not registered");
            }
            return stream;
        });
    }

    static TaskRecord map(String consumer, ResultSet rs, List<TaskRecord.AttemptError> errors) throws SQLException {
        return new TaskRecord(
                consumer,
                rs.getString("event_id"),
                rs.getString("subject"),
                TaskState.fromCode(rs.getShort("state")),
                instant(Jdbc.getLong(rs, "schedule_at")),
                rs.getInt("attempt_count"),
                instant(Jdbc.getLong(rs, "attempted_at")),
                instant(Jdbc.getLong(rs, "finalized_at")),
                instant(Jdbc.getLong(rs, "created_at")),
                instant(Jdbc.getLong(rs, "updated_at")),
                errors);
    }

    static Instant instant(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis);
    }
}
