package io.kanthorq.core.retention;

import io.kanthorq.core.TaskState;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.Sql;
import io.kanthorq.core.internal.TableNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;

/**
 * Deletes the old finished tasks of one consumer, in batches served by the partial
 * {@code (state, updated_at)} index of finished tasks. Age is measured from {@code updated_at}, which
 * is the time the task reached its final state (nothing changes a final task but redrive and replay,
 * which make it Available again).
 */
final class TaskRetention {

    private static final String DELETE = Sql.format("""
            WITH doomed AS (
                SELECT event_id FROM %1$s
                WHERE state = ? AND updated_at < {now} - ?
                ORDER BY updated_at
                LIMIT ?
                FOR UPDATE SKIP LOCKED
            )
            DELETE FROM %1$s t USING doomed d WHERE t.event_id = d.event_id
            """);

    private TaskRetention() {}

    /** Deletes tasks of {@code consumer} in {@code state} older than {@code ageMs}; returns how many. */
    static long delete(
            Connection connection,
            String consumer,
            TaskState state,
            long ageMs,
            int batchSize,
            BooleanSupplier keepGoing) {
        String sql = DELETE.formatted(TableNames.consumerTable(consumer));
        long removed = 0;
        try {
            int deleted;
            do {
                deleted = Jdbc.update(connection, sql, state.code(), ageMs, batchSize);
                removed += deleted;
            } while (deleted == batchSize && keepGoing.getAsBoolean());
        } catch (SQLException e) {
            throw Jdbc.failure("delete old " + state + " tasks of consumer '" + consumer + "'", e);
        }
        return removed;
    }
}
