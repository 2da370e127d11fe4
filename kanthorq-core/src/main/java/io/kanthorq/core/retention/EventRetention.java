package io.kanthorq.core.retention;

import io.kanthorq.core.internal.AdvisoryLocks;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.Sql;
import io.kanthorq.core.internal.TableNames;
import io.kanthorq.core.internal.TimePage;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Deletes old events of one stream that nothing needs any more. An event older than the retention age
 * is deleted only when
 * <ul>
 *   <li>its {@code txid} is visible in the cursor of every consumer of the stream: every mover has
 *       passed it. (A window being moved only reads events not visible in its cursor, so this also
 *       keeps every event of an open window; a paused or lagging consumer holds retention back, a
 *       removed one does not.)</li>
 *   <li>no task of any consumer points to it in a state other than Completed: Discarded and Cancelled
 *       tasks can be redriven and unfinished ones still run, and all of them need the body.</li>
 * </ul>
 * The stream is scanned from its oldest event through the {@code (created_at, id)} index, a batch of
 * candidates per statement; each batch runs in a transaction holding the stream's retention lock
 * exclusively and reads the list of consumers under it (see {@link AdvisoryLocks}).
 */
final class EventRetention {

    private static final String CONSUMERS = "SELECT name FROM kanthorq_consumer_registry WHERE stream_name = ?";

    private static final String DELETE = Sql.format("""
            WITH candidates AS (
                SELECT s.id, s.txid, s.created_at FROM %1$s s
                WHERE s.created_at < {now} - ? AND (s.created_at, s.id) > (?, ?)
                ORDER BY s.created_at, s.id
                LIMIT ?
            ), doomed AS (
                SELECT c.id FROM candidates c
                WHERE NOT EXISTS (SELECT 1 FROM kanthorq_consumer_registry r
                                  WHERE r.stream_name = ? AND NOT pg_visible_in_snapshot(c.txid, r.cursor_snapshot))%2$s
            ), deleted AS (
                DELETE FROM %1$s s USING doomed d WHERE s.id = d.id RETURNING 1
            ), last AS (
                SELECT created_at, id FROM candidates ORDER BY created_at DESC, id DESC LIMIT 1
            )
            SELECT (SELECT count(*) FROM candidates), (SELECT count(*) FROM deleted), last.created_at, last.id
            FROM (SELECT 1) one LEFT JOIN last ON true
            """);

    // one per consumer of the stream: a task that is not Completed keeps the event
    private static final String NO_UNFINISHED_TASK = Sql.format("""

                  AND NOT EXISTS (SELECT 1 FROM %1$s t WHERE t.event_id = c.id AND t.state <> {COMPLETED})""");

    private EventRetention() {}

    /** Deletes the eligible events of {@code stream} older than {@code ageMs}; returns how many. */
    static long delete(Connection connection, String stream, long ageMs, int batchSize, BooleanSupplier keepGoing) {
        String table = TableNames.streamTable(stream);
        TimePage.Position position = TimePage.Position.before(Long.MIN_VALUE);
        long removed = 0;
        try {
            while (true) {
                TimePage.Position from = position;
                TimePage batch = Jdbc.inTransaction(connection, c -> {
                    AdvisoryLocks.lockStreamExclusive(c, stream);
                    List<String> consumers = Jdbc.query(c, CONSUMERS, rs -> rs.getString(1), stream);
                    StringBuilder taskChecks = new StringBuilder();
                    for (String consumer : consumers) {
                        taskChecks.append(NO_UNFINISHED_TASK.formatted(TableNames.consumerTable(consumer)));
                    }
                    String sql = DELETE.formatted(table, taskChecks);
                    return TimePage.query(c, sql, from, ageMs, batchSize, stream);
                });
                removed += batch.changed();
                position = batch.next();
                if (batch.last(batchSize) || !keepGoing.getAsBoolean()) {
                    return removed;
                }
            }
        } catch (SQLException e) {
            throw Jdbc.failure("delete old events of stream '" + stream + "'", e);
        }
    }
}
