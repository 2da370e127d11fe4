package io.kanthorq.core.worker;

import io.kanthorq.core.TaskState;
import io.kanthorq.core.internal.AdvisoryLocks;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.KeyQueue;
import io.kanthorq.core.internal.Sql;
import io.kanthorq.core.internal.SqlTemplate;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the outcomes of claimed tasks in batches: completion, failure, lease extension and release.
 * Every statement is fenced by {@code state = Running AND claim = <token>}: a worker whose task was
 * rescued, redriven or claimed again since cannot change it. Each method returns the event ids it
 * actually changed.
 *
 * <p>For a consumer ordered by key, the outcomes, the consumer's ordering lock (shared, taken after
 * the outcome statements so that waiting for it holds no advisory lock while rows are locked) and the
 * promotion of the next task of each finished key commit together.
 */
final class TaskFinisher {

    /** A failed attempt: what to record and how to schedule the next one. */
    record Failure(ClaimedTask task, boolean discard, Long delayMs, String message, String exception, String stack) {}

    private static final SqlTemplate COMPLETE = SqlTemplate.of(Sql.format("""
            UPDATE %1$s t
            SET state = {COMPLETED}, finalized_at = {now}, updated_at = {now}
            FROM unnest(?::text[], ?::bigint[]) AS a(event_id, claim)
            WHERE t.event_id = a.event_id AND t.claim = a.claim AND t.state = {RUNNING}
            RETURNING t.event_id, t.ordering_key
            """));

    // Discarded when the handler says so or attempts are exhausted (attempt_max read now, so a
    // re-registered consumer's new limit applies at once); else Retryable after the chosen delay.
    private static final SqlTemplate FAIL = SqlTemplate.of(Sql.format("""
            UPDATE %1$s t
            SET state = CASE WHEN a.discard OR t.attempt_count >= r.attempt_max THEN {DISCARDED}
                             ELSE {RETRYABLE} END,
                schedule_at = CASE WHEN a.discard OR t.attempt_count >= r.attempt_max THEN {now}
                                   ELSE {now} + coalesce(a.delay_ms, %2$s) END,
                finalized_at = CASE WHEN a.discard OR t.attempt_count >= r.attempt_max THEN {now} END,
                errors = t.errors || jsonb_build_array(jsonb_build_object(
                    'attempt', t.attempt_count, 'at', {now}, 'error', a.message,
                    'exception', a.exception, 'stack', a.stack)),
                updated_at = {now}
            FROM unnest(?::text[], ?::bigint[], ?::boolean[], ?::bigint[], ?::text[], ?::text[], ?::text[])
                     AS a(event_id, claim, discard, delay_ms, message, exception, stack),
                 kanthorq_consumer_registry r
            WHERE r.name = ? AND t.event_id = a.event_id AND t.claim = a.claim AND t.state = {RUNNING}
            RETURNING t.event_id, t.state, t.ordering_key
            """, "%1$s", Sql.BACKOFF_MS));

    private static final SqlTemplate EXTEND = SqlTemplate.of(Sql.format("""
            UPDATE %1$s t
            SET schedule_at = {now} + r.visibility_timeout_ms, updated_at = {now}
            FROM unnest(?::text[], ?::bigint[]) AS a(event_id, claim), kanthorq_consumer_registry r
            WHERE r.name = ? AND t.event_id = a.event_id AND t.claim = a.claim AND t.state = {RUNNING}
            RETURNING t.event_id
            """));

    // Claimed but never started (shutdown): back to Available with the attempt given back.
    private static final SqlTemplate RELEASE = SqlTemplate.of(Sql.format("""
            UPDATE %1$s t
            SET state = {AVAILABLE}, attempt_count = greatest(t.attempt_count - 1, 0), schedule_at = {now},
                updated_at = {now}
            FROM unnest(?::text[], ?::bigint[]) AS a(event_id, claim)
            WHERE t.event_id = a.event_id AND t.claim = a.claim AND t.state = {RUNNING}
            RETURNING t.event_id
            """));

    // Ordered consumers: the tasks a worker holds in a lane behind a task that failed go back to Pending
    // (they never started: the attempt is given back), as do tasks a move attached to that lane while the
    // failure was written. Every Running task of a key is in the one lane that holds the key.
    private static final SqlTemplate GIVE_BACK = SqlTemplate.of(Sql.format("""
            UPDATE %1$s t
            SET state = {PENDING}, attempt_count = greatest(t.attempt_count - 1, 0), schedule_at = {now},
                updated_at = {now}
            WHERE t.ordering_key = ANY (?::text[]) AND t.state = {RUNNING} AND t.event_id <> ALL (?::text[])
            """));

    // Ordered consumers, at shutdown: a released task of a key waits behind its key (the promotion that
    // follows makes the first of them the head); a task without a key is Available at once.
    private static final SqlTemplate RELEASE_ORDERED = SqlTemplate.of(Sql.format("""
            UPDATE %1$s t
            SET state = CASE WHEN t.ordering_key IS NULL THEN {AVAILABLE} ELSE {PENDING} END,
                attempt_count = greatest(t.attempt_count - 1, 0), schedule_at = {now}, updated_at = {now}
            FROM unnest(?::text[], ?::bigint[]) AS a(event_id, claim)
            WHERE t.event_id = a.event_id AND t.claim = a.claim AND t.state = {RUNNING}
            RETURNING t.event_id, t.ordering_key
            """));

    private final Jdbc jdbc;
    private final OrderedConsumers ordered;

    TaskFinisher(Jdbc jdbc, OrderedConsumers ordered) {
        this.jdbc = jdbc;
        this.ordered = ordered;
    }

    /**
     * Writes completions and failures together: one statement when there is only one kind, else both
     * in one transaction. Returns the ids changed, with those Discarded in {@code discarded} and the
     * tasks that became their key's head in {@code promoted}.
     */
    Set<String> write(
            String consumer,
            Collection<ClaimedTask> completed,
            Collection<Failure> failed,
            Set<String> discarded,
            List<String> promoted) {
        return write(consumer, completed, failed, discarded, promoted, Set.of());
    }

    /**
     * The same, for a worker that knows which keys of {@code completed} it still holds in a lane
     * ({@code held}): their next task is already Running, so they need neither the ordering lock nor a
     * promotion.
     */
    Set<String> write(
            String consumer,
            Collection<ClaimedTask> completed,
            Collection<Failure> failed,
            Set<String> discarded,
            List<String> promoted,
            Set<String> held) {
        String operation = "write outcomes of consumer '" + consumer + "'";
        boolean byKey = ordered.isOrdered(consumer) && (!failed.isEmpty() || promotes(completed, held));
        Jdbc.Work<Set<String>> write = connection -> {
            Set<String> keys = new HashSet<>();
            Set<String> failedKeys = new HashSet<>();
            Set<String> written = new HashSet<>(complete(connection, consumer, completed, keys));
            keys.removeAll(held);
            Set<String> failures = fail(connection, consumer, failed, discarded, keys, failedKeys);
            written.addAll(failures);
            if (byKey && (!keys.isEmpty() || !failedKeys.isEmpty())) {
                AdvisoryLocks.lockKeysShared(connection, consumer);
                if (!failedKeys.isEmpty()) {
                    Jdbc.update(
                            connection,
                            GIVE_BACK.forConsumer(consumer),
                            new Jdbc.SqlArray("text", failedKeys.toArray(String[]::new)),
                            new Jdbc.SqlArray("text", failures.toArray(String[]::new)));
                }
                promoted.addAll(KeyQueue.promote(connection, consumer, keys));
            }
            return written;
        };
        // a single statement needs no BEGIN/COMMIT round trips
        return !byKey && (failed.isEmpty() || completed.isEmpty())
                ? jdbc.detachedStatement(operation, write)
                : jdbc.detached(operation, write);
    }

    /** Whether completing {@code tasks} may free a key: one of them has a key this worker holds no more. */
    private static boolean promotes(Collection<ClaimedTask> tasks, Set<String> held) {
        for (ClaimedTask task : tasks) {
            String key = task.context().event().orderingKey();
            if (key != null && !held.contains(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Completes {@code tasks} on {@code connection}, inside whatever transaction it has open; adds the
     * ordering keys of the completed tasks to {@code keys}.
     */
    static Set<String> complete(Connection connection, String consumer, Collection<ClaimedTask> tasks, Set<String> keys)
            throws SQLException {
        if (tasks.isEmpty()) {
            return Set.of();
        }
        Set<String> changed = new HashSet<>();
        Jdbc.query(
                connection,
                COMPLETE.forConsumer(consumer),
                rs -> {
                    changed.add(rs.getString(1));
                    addKey(keys, rs.getString(2));
                    return null;
                },
                idsAndClaims(tasks));
        return changed;
    }

    private static void addKey(Set<String> keys, String key) {
        if (key != null) {
            keys.add(key);
        }
    }

    Set<String> extend(String consumer, Collection<ClaimedTask> tasks) {
        return fenced("extend leases", EXTEND, consumer, tasks, true);
    }

    Set<String> release(String consumer, Collection<ClaimedTask> tasks) {
        if (tasks.isEmpty() || !ordered.isOrdered(consumer)) {
            return fenced("release tasks", RELEASE, consumer, tasks, false);
        }
        return jdbc.detached("release tasks of consumer '" + consumer + "'", connection -> {
            Set<String> released = new HashSet<>();
            Set<String> keys = new HashSet<>();
            Jdbc.query(
                    connection,
                    RELEASE_ORDERED.forConsumer(consumer),
                    rs -> {
                        released.add(rs.getString(1));
                        addKey(keys, rs.getString(2));
                        return null;
                    },
                    idsAndClaims(tasks));
            if (!keys.isEmpty()) {
                AdvisoryLocks.lockKeysShared(connection, consumer);
                KeyQueue.promote(connection, consumer, keys);
            }
            return released;
        });
    }

    /**
     * Records failures on {@code connection}, inside whatever transaction it has open; adds the ordering
     * keys of the tasks Discarded to {@code keys} (whether the next task of such a key may run is the
     * consumer's {@code on-discard} setting, which the promotion reads) and those of every failure
     * recorded to {@code failedKeys}.
     */
    static Set<String> fail(
            Connection connection,
            String consumer,
            Collection<Failure> failures,
            Set<String> discarded,
            Set<String> keys,
            Set<String> failedKeys)
            throws SQLException {
        if (failures.isEmpty()) {
            return Set.of();
        }
        int n = failures.size();
        // typed arrays: pgjdbc sends String[], Long[] and Boolean[] in binary, Object[] as array literals
        String[] ids = new String[n];
        Long[] claims = new Long[n];
        Boolean[] discards = new Boolean[n];
        Long[] delays = new Long[n];
        String[] messages = new String[n];
        String[] exceptions = new String[n];
        String[] stacks = new String[n];
        int i = 0;
        for (Failure failure : failures) {
            ids[i] = failure.task().eventId();
            claims[i] = failure.task().claim();
            discards[i] = failure.discard();
            delays[i] = failure.delayMs();
            messages[i] = failure.message();
            exceptions[i] = failure.exception();
            stacks[i] = failure.stack();
            i++;
        }
        Set<String> changed = new HashSet<>();
        Jdbc.query(
                connection,
                FAIL.forConsumer(consumer),
                rs -> {
                    changed.add(rs.getString(1));
                    addKey(failedKeys, rs.getString(3));
                    if (rs.getShort(2) == TaskState.DISCARDED.code()) {
                        discarded.add(rs.getString(1));
                        addKey(keys, rs.getString(3));
                    }
                    return null;
                },
                new Jdbc.SqlArray("text", ids),
                new Jdbc.SqlArray("bigint", claims),
                new Jdbc.SqlArray("boolean", discards),
                new Jdbc.SqlArray("bigint", delays),
                new Jdbc.SqlArray("text", messages),
                new Jdbc.SqlArray("text", exceptions),
                new Jdbc.SqlArray("text", stacks),
                consumer);
        return changed;
    }

    private Set<String> fenced(
            String what, SqlTemplate template, String consumer, Collection<ClaimedTask> tasks, boolean withConsumer) {
        if (tasks.isEmpty()) {
            return Set.of();
        }
        return jdbc.detachedStatement(
                what + " of consumer '" + consumer + "'",
                connection -> fenced(connection, template, consumer, tasks, withConsumer));
    }

    private static Set<String> fenced(
            Connection connection,
            SqlTemplate template,
            String consumer,
            Collection<ClaimedTask> tasks,
            boolean withConsumer)
            throws SQLException {
        if (tasks.isEmpty()) {
            return Set.of();
        }
        String sql = template.forConsumer(consumer);
        List<Object> params = new ArrayList<>(List.of(idsAndClaims(tasks)));
        if (withConsumer) {
            params.add(consumer);
        }
        return new HashSet<>(Jdbc.query(connection, sql, rs -> rs.getString(1), params.toArray()));
    }

    /** The tasks' event ids and claim tokens as two aligned arrays. */
    private static Object[] idsAndClaims(Collection<ClaimedTask> tasks) {
        String[] ids = new String[tasks.size()];
        Long[] claims = new Long[tasks.size()];
        int i = 0;
        for (ClaimedTask task : tasks) {
            ids[i] = task.eventId();
            claims[i] = task.claim();
            i++;
        }
        return new Object[] {new Jdbc.SqlArray("text", ids), new Jdbc.SqlArray("bigint", claims)};
    }
}
