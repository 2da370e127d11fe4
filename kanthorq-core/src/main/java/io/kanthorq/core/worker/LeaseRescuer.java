package io.kanthorq.core.worker;

import io.kanthorq.core.TaskState;
import io.kanthorq.core.internal.AdvisoryLocks;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.KeyQueue;
import io.kanthorq.core.internal.Sql;
import io.kanthorq.core.internal.SqlTemplate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
            RETURNING t.event_id, t.state, t.ordering_key
            """, "%1$s", Sql.BACKOFF_MS, LEASE_EXPIRED));

    /** Most orphaned keys (Pending tasks, no head) one rescue pass promotes. */
    private static final int ORPHAN_BATCH = 1000;

    /**
     * What one rescue pass changed; {@code promoted} are tasks of an ordered consumer that became their
     * key's head (behind a task discarded here, or behind a key left without a head).
     */
    record Rescued(List<String> retryable, List<String> discarded, List<String> promoted) {
        int total() {
            return retryable.size() + discarded.size();
        }
    }

    private final Jdbc jdbc;
    private final OrderedConsumers ordered;

    LeaseRescuer(Jdbc jdbc, OrderedConsumers ordered) {
        this.jdbc = jdbc;
        this.ordered = ordered;
    }

    /**
     * Rescues up to {@code limit} expired leases. For a consumer ordered by key it also promotes the next
     * task of each key it discarded and of keys found with Pending tasks but no head, in the same
     * transaction under the consumer's ordering lock (shared).
     */
    Rescued rescue(String consumer, int limit) {
        String sql = RESCUE.forConsumer(consumer);
        boolean byKey = ordered.isOrdered(consumer);
        Jdbc.Work<Rescued> rescue = connection -> {
            List<String> retryable = new ArrayList<>();
            List<String> discarded = new ArrayList<>();
            Set<String> keys = new HashSet<>();
            Jdbc.query(
                    connection,
                    sql,
                    rs -> {
                        if (rs.getShort(2) == TaskState.DISCARDED.code()) {
                            discarded.add(rs.getString(1));
                            if (rs.getString(3) != null) {
                                keys.add(rs.getString(3));
                            }
                        } else {
                            retryable.add(rs.getString(1));
                        }
                        return null;
                    },
                    limit,
                    consumer);
            List<String> promoted = new ArrayList<>();
            if (byKey) {
                AdvisoryLocks.lockKeysShared(connection, consumer);
                promoted.addAll(KeyQueue.promote(connection, consumer, keys));
                promoted.addAll(KeyQueue.promoteOrphaned(connection, consumer, ORPHAN_BATCH));
            }
            return new Rescued(retryable, discarded, promoted);
        };
        String operation = "rescue expired leases of consumer '" + consumer + "'";
        return byKey ? jdbc.detached(operation, rescue) : jdbc.detachedStatement(operation, rescue);
    }
}
