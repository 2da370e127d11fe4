package io.kanthorq.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * The queues of ordering keys of a consumer configured {@code ordering: key}. The mover inserts the
 * task of a key whose head (an Available, Running or Retryable task, or a Discarded one when the
 * consumer's {@code on_discard} is {@code block}) is still there as Pending, numbered in delivery
 * order; claims see only the head, so the claim statement stays the same for every consumer. Whatever
 * finishes a head promotes the key's next Pending task to Available. Callers hold the consumer's
 * ordering lock ({@link AdvisoryLocks#lockKeysShared}), taken in an earlier statement of the same
 * transaction, so the promotion sees every task the mover queued.
 */
public final class KeyQueue {

    // A key is free when no head is left; its Pending task with the lowest delivery number goes next. The
    // next Pending task is looked up first (OFFSET 0 keeps it a step of its own): most finished keys have
    // none waiting, and they then need no head probe.
    private static final String PROMOTE =
            Sql.format("""
            WITH keys AS (
                SELECT DISTINCT k FROM unnest(?::text[]) AS u(k) WHERE k IS NOT NULL
            ), waiting AS (
                SELECT n.k, n.event_id FROM (
                    SELECT keys.k,
                           (SELECT p.event_id FROM %1$s p
                            WHERE p.ordering_key = keys.k AND p.state = {PENDING}
                            ORDER BY p.delivery_seq LIMIT 1) AS event_id
                    FROM keys
                    OFFSET 0
                ) n
                WHERE n.event_id IS NOT NULL
            ), heads AS (
                SELECT waiting.event_id
                FROM waiting, kanthorq_consumer_registry r
                WHERE r.name = ?
                  AND NOT """ + " " + hasHead("a", "waiting.k", "r.on_discard = 'block'") + """
            )
            UPDATE %1$s t SET state = {AVAILABLE}, updated_at = {now}
            FROM heads
            WHERE t.event_id = heads.event_id AND t.state = {PENDING}
            RETURNING t.event_id
            """);

    // Keys with Pending tasks but no head: left so by a finish written without the ordering lock (an
    // instance that had not seen the consumer become ordered) or by retention deleting a blocking dead
    // letter. A loose index scan over the Pending tasks' keys: one probe per key, not per task.
    private static final String ORPHANED =
            Sql.format("""
            WITH RECURSIVE pending AS (
                (SELECT ordering_key FROM %1$s WHERE state = {PENDING} ORDER BY ordering_key LIMIT 1)
                UNION ALL
                SELECT (SELECT p.ordering_key FROM %1$s p
                        WHERE p.state = {PENDING} AND p.ordering_key > pending.ordering_key
                        ORDER BY p.ordering_key LIMIT 1)
                FROM pending WHERE pending.ordering_key IS NOT NULL
            )
            SELECT pending.ordering_key FROM pending, kanthorq_consumer_registry r
            WHERE r.name = ? AND pending.ordering_key IS NOT NULL
              AND NOT """ + " " + hasHead("a", "pending.ordering_key", "r.on_discard = 'block'") + """
            LIMIT ?
            """);

    private KeyQueue() {}

    /**
     * SQL: whether key {@code key} (an SQL expression) has a head in the task table {@code %1$s}, probed
     * as {@code alias}; {@code blocks} is the SQL condition under which a Discarded task holds its key.
     * The conditions are the key-head index's predicate, so the probe is one scan of that partial index
     * (an OR with other states would match no index and scan the table). {@code OFFSET 0} keeps it a
     * probe per key: without it the planner may turn the probes of many keys into one hashed pass over
     * every head of the consumer (or, once the correlation is gone and with it what implies
     * {@code IS NOT NULL}, over the whole task table), a pass whose cost grows with the table, not the batch.
     */
    public static String hasHead(String alias, String key, String blocks) {
        return Sql.format("EXISTS (SELECT 1 FROM %1$s " + alias + " WHERE " + alias + ".ordering_key = " + key
                + " AND " + alias + ".ordering_key IS NOT NULL"
                + " AND " + alias + ".state IN ({AVAILABLE}, {RUNNING}, {RETRYABLE}, {DISCARDED}) AND ("
                + alias + ".state <> {DISCARDED} OR " + blocks + ") OFFSET 0)");
    }

    /**
     * Promotes the next Pending task of each of {@code keys} that has no head any more; returns the
     * event ids promoted.
     */
    public static List<String> promote(Connection connection, String consumer, Collection<String> keys)
            throws SQLException {
        if (keys.isEmpty()) {
            return List.of();
        }
        return Jdbc.query(
                connection,
                PROMOTE.formatted(TableNames.consumerTable(consumer)),
                rs -> rs.getString(1),
                new Jdbc.SqlArray("text", keys.toArray()),
                consumer);
    }

    /** Promotes the next task of up to {@code limit} keys that have Pending tasks but no head. */
    public static List<String> promoteOrphaned(Connection connection, String consumer, int limit) throws SQLException {
        List<String> keys = Jdbc.query(
                connection,
                ORPHANED.formatted(TableNames.consumerTable(consumer)),
                rs -> rs.getString(1),
                consumer,
                limit);
        return promote(connection, consumer, keys);
    }
}
