package io.kanthorq.core.management;

import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.KanthorqException;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.Registry;
import io.kanthorq.core.internal.Sql;
import io.kanthorq.core.internal.TableNames;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Operator actions on tasks: inspect, cancel, redrive. Redrive and cancel leave the claim token
 * untouched, so a worker still holding an old claim cannot acknowledge the task afterwards.
 */
final class TaskOperations {

    private static final String FIND = Sql.format("""
            SELECT event_id, subject, state, schedule_at, attempt_count, attempted_at, finalized_at, created_at,
                   updated_at
            FROM %1$s WHERE event_id = ?
            """);

    private static final String ERRORS = """
            SELECT (e->>'attempt')::int, (e->>'at')::bigint, e->>'error', e->>'exception', e->>'stack'
            FROM %1$s t, jsonb_array_elements(t.errors) WITH ORDINALITY AS x(e, n)
            WHERE t.event_id = ?
            ORDER BY x.n
            """;

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

    private static final String CANCEL = Sql.format("""
            UPDATE %1$s SET state = {CANCELLED}, finalized_at = {now}, updated_at = {now}
            WHERE event_id = ANY (?::text[]) AND state IN ({PENDING}, {AVAILABLE}, {RETRYABLE})
            """);

    // Attempts restart from zero; the error history is kept for inspection.
    private static final String REDRIVE = Sql.format("""
            WITH redriven AS (
                UPDATE %1$s SET state = {AVAILABLE}, attempt_count = 0, schedule_at = {now}, finalized_at = NULL,
                                updated_at = {now}
                WHERE event_id = ANY (?::text[]) AND state IN ({DISCARDED}, {CANCELLED})
                RETURNING 1
            )
            SELECT count(*), pg_notify('%2$s', ?) FROM redriven
            """, "%1$s", Sql.CHANNEL);

    private static final String REDRIVE_ALL = Sql.format("""
            WITH redriven AS (
                UPDATE %1$s SET state = {AVAILABLE}, attempt_count = 0, schedule_at = {now}, finalized_at = NULL,
                                updated_at = {now}
                WHERE state = ?
                RETURNING 1
            )
            SELECT count(*), pg_notify('%2$s', ?) FROM redriven
            """, "%1$s", Sql.CHANNEL);

    private final Jdbc jdbc;

    TaskOperations(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The task of {@code consumer} for event {@code eventId}, with its error history. */
    Optional<TaskRecord> find(String consumer, String eventId) {
        String table = TableNames.consumerTable(consumer);
        return jdbc.detached("find task " + eventId + " of consumer '" + consumer + "'", connection -> {
            List<TaskRecord.AttemptError> errors = Jdbc.query(
                    connection,
                    ERRORS.formatted(table),
                    rs -> new TaskRecord.AttemptError(
                            rs.getInt(1),
                            Instant.ofEpochMilli(rs.getLong(2)),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5)),
                    eventId);
            return Optional.ofNullable(
                    Jdbc.queryOne(connection, FIND.formatted(table), rs -> map(consumer, rs, errors), eventId));
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

    /** Cancels Pending/Available/Retryable tasks; returns how many changed. */
    int cancel(String consumer, List<String> eventIds) {
        String sql = CANCEL.formatted(TableNames.consumerTable(consumer));
        return jdbc.detachedStatement(
                "cancel tasks of consumer '" + consumer + "'",
                connection -> Jdbc.update(connection, sql, new Jdbc.SqlArray("text", eventIds.toArray())));
    }

    /** Makes Discarded/Cancelled tasks Available again with attempts reset; returns how many changed. */
    int redrive(String consumer, List<String> eventIds) {
        String sql = REDRIVE.formatted(TableNames.consumerTable(consumer));
        String stream = streamOf(consumer);
        return jdbc.detachedStatement(
                "redrive tasks of consumer '" + consumer + "'",
                connection -> Jdbc.queryOne(
                        connection, sql, rs -> rs.getInt(1), new Jdbc.SqlArray("text", eventIds.toArray()), stream));
    }

    /** Redrives every task of {@code consumer} in {@code state} (Discarded or Cancelled). */
    int redriveAll(String consumer, TaskState state) {
        if (state != TaskState.DISCARDED && state != TaskState.CANCELLED) {
            throw new InvalidInputException("only Discarded or Cancelled tasks can be redriven, not " + state);
        }
        String sql = REDRIVE_ALL.formatted(TableNames.consumerTable(consumer));
        String stream = streamOf(consumer);
        return jdbc.detachedStatement(
                "redrive " + state + " tasks of consumer '" + consumer + "'",
                connection -> Jdbc.queryOne(connection, sql, rs -> rs.getInt(1), state.code(), stream));
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
