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

    // A task of an ordered consumer queued in a lost worker's lane behind an earlier Running task of its
    // key never started (a lane runs one task at a time, in delivery order): it goes back to Pending with
    // its attempt given back, so that only the key's first task is retried and the order holds.
    private static final SqlTemplate RESCUE = SqlTemplate.of(Sql.format("""
            WITH expired AS (
                SELECT event_id, ordering_key, delivery_seq FROM %1$s
                WHERE state = {RUNNING} AND schedule_at < {now}
                ORDER BY schedule_at
                LIMIT ?
                FOR UPDATE SKIP LOCKED
            ), behind AS (
                SELECT e.event_id,
                       e.ordering_key IS NOT NULL AND EXISTS (
                           SELECT 1 FROM %1$s h
                           WHERE h.ordering_key = e.ordering_key AND h.state = {RUNNING}
                             AND h.delivery_seq < e.delivery_seq) AS queued
                FROM expired e
            )
            UPDATE %1$s t
            SET state = CASE WHEN b.queued THEN {PENDING}
                             WHEN t.attempt_count >= r.attempt_max THEN {DISCARDED} ELSE {RETRYABLE} END,
                attempt_count = CASE WHEN b.queued THEN greatest(t.attempt_count - 1, 0) ELSE t.attempt_count END,
                schedule_at = CASE WHEN b.queued OR t.attempt_count >= r.attempt_max THEN {now}
                                   ELSE {now} + %2$s END,
                finalized_at = CASE WHEN NOT b.queued AND t.attempt_count >= r.attempt_max THEN {now} END,
                errors = CASE WHEN b.queued THEN t.errors ELSE t.errors || jsonb_build_array(jsonb_build_object(
                    'attempt', t.attempt_count, 'at', {now},
                    'error', 'lease expired: the worker did not acknowledge within the visibility timeout',
                    'exception', '%3$s', 'stack', NULL)) END,
                updated_at = {now}
            FROM behind b, kanthorq_consumer_registry r
            WHERE r.name = ? AND t.event_id = b.event_id
            RETURNING t.event_id, t.state, t.ordering_key
            """, "%1$s", Sql.BACKOFF_MS, LEASE_EXPIRED));

    /** Most orphaned keys (Pending tasks, no head) one rescue pass promotes. */
    private static final int ORPHAN_BATCH = 1000;

    /**
     * What one rescue pass changed; {@code requeued} are tasks returned to Pending behind their key's first
     * task (they had not started); {@code promoted} are tasks of an ordered consumer that became their
     * key's head (behind a task discarded here, or behind a key left without a head).
     */
    record Rescued(List<String> retryable, List<String> discarded, List<String> requeued, List<String> promoted) {
        int total() {
            return retryable.size() + discarded.size() + requeued.size();
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
            List<String> requeued = new ArrayList<>();
            Set<String> keys = new HashSet<>();
            Jdbc.query(
                    connection,
                    sql,
                    rs -> {
                        short state = rs.getShort(2);
                        if (state == TaskState.PENDING.code()) {
                            requeued.add(rs.getString(1));
                        } else if (state == TaskState.DISCARDED.code()) {
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
            return new Rescued(retryable, discarded, requeued, promoted);
        };
        String operation = "rescue expired leases of consumer '" + consumer + "'";
        return byKey ? jdbc.detached(operation, rescue) : jdbc.detachedStatement(operation, rescue);
    }
}
