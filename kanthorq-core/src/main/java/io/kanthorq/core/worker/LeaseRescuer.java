package io.kanthorq.core.worker;

import io.kanthorq.core.TaskState;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.Sql;
import io.kanthorq.core.internal.SqlTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * Returns Running tasks whose lease expired (their worker died or lost its connection) to
 * Retryable, or to Discarded with the error "lease expired" when their attempts are exhausted.
 * The claim token is left alone, so the lost worker's late acknowledgement stays fenced out.
 */
final class LeaseRescuer {

    /** Name recorded as the exception class of a rescued attempt. */
    static final String LEASE_EXPIRED = "io.kanthorq.core.LeaseExpired";

    private static final SqlTemplate RESCUE = SqlTemplate.of(Sql.format("""
            WITH expired AS (
                SELECT event_id FROM %1$s
                WHERE state = {RUNNING} AND schedule_at < {now}
                ORDER BY schedule_at
                LIMIT ?
                FOR UPDATE SKIP LOCKED
            )
            UPDATE %1$s t
            SET state = CASE WHEN t.attempt_count >= r.attempt_max THEN {DISCARDED} ELSE {RETRYABLE} END,
                schedule_at = CASE WHEN t.attempt_count >= r.attempt_max THEN {now} ELSE {now} + %2$s END,
                finalized_at = CASE WHEN t.attempt_count >= r.attempt_max THEN {now} END,
                errors = t.errors || jsonb_build_array(jsonb_build_object(
                    'attempt', t.attempt_count, 'at', {now},
                    'error', 'lease expired: the worker did not acknowledge within the visibility timeout',
                    'exception', '%3$s', 'stack', NULL)),
                updated_at = {now}
            FROM expired, kanthorq_consumer_registry r
            WHERE r.name = ? AND t.event_id = expired.event_id
            RETURNING t.event_id, t.state
            """, "%1$s", Sql.BACKOFF_MS, LEASE_EXPIRED));

    /** What one rescue pass changed. */
    record Rescued(List<String> retryable, List<String> discarded) {
        int total() {
            return retryable.size() + discarded.size();
        }
    }

    private final Jdbc jdbc;

    LeaseRescuer(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    Rescued rescue(String consumer, int limit) {
        String sql = RESCUE.forConsumer(consumer);
        return jdbc.detachedStatement("rescue expired leases of consumer '" + consumer + "'", connection -> {
            List<String> retryable = new ArrayList<>();
            List<String> discarded = new ArrayList<>();
            Jdbc.query(
                    connection,
                    sql,
                    rs -> {
                        (rs.getShort(2) == TaskState.DISCARDED.code() ? discarded : retryable).add(rs.getString(1));
                        return null;
                    },
                    limit,
                    consumer);
            return new Rescued(retryable, discarded);
        });
    }
}
