package io.kanthorq.core.worker;

import io.kanthorq.core.Event;
import io.kanthorq.core.TaskContext;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.Sql;
import io.kanthorq.core.internal.SqlTemplate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Claims ready tasks in one statement: picks Available/Retryable tasks due by the database clock
 * with {@code FOR UPDATE SKIP LOCKED}, marks them Running with a lease and a fresh claim token, and
 * returns them joined to their events.
 */
final class TaskClaimer {

    /** When the loop next has something to do, by the database clock (null: nothing scheduled). */
    record NextDue(Long readyAt, Long leaseExpiresAt, long now) {}

    // One claim token for the whole statement: it identifies this claim, and acknowledgements are
    // fenced by (event_id, claim), so the tasks of one claim need no token each.
    private static final String CLAIM_SQL = Sql.format("""
            WITH token AS MATERIALIZED (
                SELECT nextval('kanthorq_claim_seq') AS claim
            ), next AS (
                SELECT event_id FROM %1$s
                WHERE state IN ({AVAILABLE}, {RETRYABLE}) AND schedule_at <= {now}
                  AND NOT (SELECT paused FROM kanthorq_consumer_registry WHERE name = ?)
                ORDER BY schedule_at
                LIMIT ?
                FOR UPDATE SKIP LOCKED
            ), claimed AS (
                UPDATE %1$s t
                SET state = {RUNNING}, attempt_count = t.attempt_count + 1, attempted_at = {now},
                    schedule_at = {now} + r.visibility_timeout_ms, claim = (SELECT claim FROM token),
                    updated_at = {now}
                FROM next, kanthorq_consumer_registry r
                WHERE t.event_id = next.event_id AND r.name = ?
                RETURNING t.event_id, t.subject, t.attempt_count, t.claim, r.attempt_max, r.visibility_timeout_ms
            )
            SELECT c.event_id, c.subject, c.attempt_count, c.claim, c.attempt_max, c.visibility_timeout_ms,
                   s.body, s.created_at, s.ordering_key, s.correlation_id, s.causation_id,
            """ + Sql.metadataArrays("s.metadata") + """

            FROM claimed c
            LEFT JOIN %2$s s ON s.id = c.event_id
            """);

    private static final SqlTemplate CLAIM = SqlTemplate.of(CLAIM_SQL);

    // Ties of schedule_at (tasks moved by one statement) broken by event id, i.e. publish order: the
    // inline worker's runs are then the same in every test run.
    private static final SqlTemplate CLAIM_IN_ORDER =
            SqlTemplate.of(CLAIM_SQL.replace("ORDER BY schedule_at", "ORDER BY schedule_at, event_id"));

    // A paused consumer has nothing ready (claims skip it): without this its loop would wake every few
    // ms for tasks it may not claim. Resuming notifies the stream, which wakes the loop.
    private static final SqlTemplate NEXT_DUE = SqlTemplate.of(Sql.format("""
            SELECT (SELECT min(schedule_at) FROM %1$s WHERE state IN ({AVAILABLE}, {RETRYABLE})
                      AND NOT (SELECT paused FROM kanthorq_consumer_registry WHERE name = ?)),
                   (SELECT min(schedule_at) FROM %1$s WHERE state = {RUNNING}),
                   {now}
            """));

    private final Jdbc jdbc;

    TaskClaimer(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims up to {@code limit} due tasks on {@code connection}. A task whose event is gone from the
     * stream comes back with a null body: the worker discards it.
     */
    static List<ClaimedTask> claim(Connection connection, String consumer, String stream, int limit)
            throws SQLException {
        if (limit <= 0) {
            return List.of();
        }
        String sql = CLAIM.forConsumerAndStream(consumer, stream);
        return Jdbc.query(connection, sql, rs -> map(consumer, rs), consumer, limit, consumer);
    }

    /** The same, taking tasks due at the same time in publish order (slower: for the inline worker). */
    static List<ClaimedTask> claimInOrder(Connection connection, String consumer, String stream, int limit)
            throws SQLException {
        String sql = CLAIM_IN_ORDER.forConsumerAndStream(consumer, stream);
        return Jdbc.query(connection, sql, rs -> map(consumer, rs), consumer, limit, consumer);
    }

    NextDue nextDue(String consumer) {
        String sql = NEXT_DUE.forConsumer(consumer);
        return jdbc.detachedStatement(
                "read schedule of consumer '" + consumer + "'",
                connection -> Jdbc.queryOne(
                        connection,
                        sql,
                        rs -> new NextDue(Jdbc.getLong(rs, 1), Jdbc.getLong(rs, 2), rs.getLong(3)),
                        consumer));
    }

    private static ClaimedTask map(String consumer, ResultSet rs) throws SQLException {
        byte[] body = rs.getBytes("body");
        Long createdAt = Jdbc.getLong(rs, "created_at");
        Event event = new Event(
                rs.getString("event_id"),
                rs.getString("subject"),
                body == null ? new byte[0] : body,
                Sql.metadata(rs),
                Instant.ofEpochMilli(createdAt == null ? 0 : createdAt),
                rs.getString("ordering_key"),
                rs.getString("correlation_id"),
                rs.getString("causation_id"));
        TaskContext context = new TaskContext(consumer, event, rs.getInt("attempt_count"), rs.getInt("attempt_max"));
        return new ClaimedTask(context, rs.getLong("claim"), rs.getLong("visibility_timeout_ms"), body == null);
    }
}
