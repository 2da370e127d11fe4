package io.kanthorq.core.management;

import io.kanthorq.core.KanthorqException;
import io.kanthorq.core.Names;
import io.kanthorq.core.Worker;
import io.kanthorq.core.internal.AdvisoryLocks;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.KeyQueue;
import io.kanthorq.core.internal.Sql;
import io.kanthorq.core.internal.TableNames;
import io.kanthorq.core.internal.TimePage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Operator actions on a consumer as a whole: pause, resume, remove, and replay from a time.
 */
final class ConsumerControl {

    // Resuming notifies the stream, so idle workers wake at once instead of at their next poll.
    private static final String SET_PAUSED = Sql.format("""
            WITH changed AS (
                UPDATE kanthorq_consumer_registry SET paused = ?, updated_at = {now}
                WHERE name = ?
                RETURNING stream_name
            )
            SELECT stream_name, CASE WHEN ? THEN NULL ELSE pg_notify('%1$s', stream_name) END FROM changed
            """, Sql.CHANNEL);

    private static final String LOCK_REGISTRATION = """
            SELECT stream_name FROM kanthorq_consumer_registry WHERE name = ? FOR UPDATE
            """;

    private static final String DELETE_REGISTRATION = "DELETE FROM kanthorq_consumer_registry WHERE name = ?";

    /** How long removal waits for each of its locks before giving up (the task table's waits for movers). */
    private static final String DROP_LOCK_TIMEOUT = "SELECT set_config('lock_timeout', '10s', true)";

    // One batch of a replay: the consumer's matching events in [since, until], after the position, become
    // Available tasks with attempts reset (existing tasks but Running and Pending ones are reset; missing
    // ones are created). The error history of an existing task is kept. A task of an ordering key (a
    // consumer ordered by key) goes into its key's queue as Pending instead, in publish order; the
    // promotion after this statement gives each key one head again.
    private static final String REPLAY_BATCH = Sql.format("""
            WITH r AS (
                SELECT subject_include_regex AS inc, subject_exclude_regex AS exc, ordering = 'key' AS ordered
                FROM kanthorq_consumer_registry WHERE name = ?
            ), batch AS (
                SELECT s.id, s.subject, s.created_at, s.ordering_key FROM %1$s s
                WHERE (s.created_at, s.id) > (?, ?) AND s.created_at <= ?
                ORDER BY s.created_at, s.id
                LIMIT ?
            ), matched AS (
                SELECT b.id, b.subject, b.created_at, CASE WHEN r.ordered THEN b.ordering_key END AS task_key
                FROM batch b, r
                WHERE (cardinality(r.inc) = 0 OR b.subject ~ ANY (r.inc)) AND NOT (b.subject ~ ANY (r.exc))
            ), requeued AS (
                INSERT INTO %2$s AS t (event_id, subject, state, schedule_at, attempt_count, created_at, updated_at,
                                       ordering_key, delivery_seq)
                SELECT id, subject, CASE WHEN task_key IS NULL THEN {AVAILABLE} ELSE {PENDING} END, {now}, 0, {now},
                       {now}, task_key, CASE WHEN task_key IS NOT NULL THEN nextval('kanthorq_delivery_seq') END
                FROM matched
                ORDER BY created_at, id
                ON CONFLICT (event_id) DO UPDATE
                    SET state = CASE WHEN t.ordering_key IS NULL THEN {AVAILABLE} ELSE {PENDING} END,
                        attempt_count = 0, schedule_at = {now}, finalized_at = NULL, updated_at = {now}
                    WHERE t.state NOT IN ({PENDING}, {RUNNING})
                RETURNING t.ordering_key
            ), last AS (
                SELECT created_at, id FROM batch ORDER BY created_at DESC, id DESC LIMIT 1
            )
            SELECT (SELECT count(*) FROM batch), (SELECT count(*) FROM requeued), last.created_at, last.id,
                   (SELECT array_agg(DISTINCT ordering_key) FROM requeued WHERE ordering_key IS NOT NULL)
            FROM (SELECT 1) one LEFT JOIN last ON true
            """);

    private static final int REPLAY_BATCH_SIZE = 1000;

    private final Jdbc jdbc;
    private final TaskOperations tasks;
    private final Supplier<List<Worker>> localWorkers;

    ConsumerControl(Jdbc jdbc, TaskOperations tasks, Supplier<List<Worker>> localWorkers) {
        this.jdbc = jdbc;
        this.tasks = tasks;
        this.localWorkers = localWorkers;
    }

    void setPaused(String consumer, boolean paused) {
        Names.requireValid("consumer", consumer);
        String stream = jdbc.detachedStatement(
                (paused ? "pause" : "resume") + " consumer '" + consumer + "'",
                connection -> Jdbc.queryOne(connection, SET_PAUSED, rs -> rs.getString(1), paused, consumer, paused));
        if (stream == null) {
            throw notRegistered(consumer);
        }
    }

    void remove(String consumer) {
        Names.requireValid("consumer", consumer);
        for (Worker worker : localWorkers.get()) {
            if (worker.consumer().equals(consumer)) {
                throw new KanthorqException("kanthorq: consumer '" + consumer + "' has a running worker in this"
                        + " instance: stop it before removing the consumer");
            }
        }
        jdbc.detached("remove consumer '" + consumer + "'", connection -> {
            // the lock order of the README: registration lock, registry row, task table
            Jdbc.queryOne(connection, DROP_LOCK_TIMEOUT, rs -> null);
            AdvisoryLocks.lockRegistration(connection);
            if (Jdbc.queryOne(connection, LOCK_REGISTRATION, rs -> rs.getString(1), consumer) == null) {
                throw notRegistered(consumer);
            }
            Jdbc.execute(connection, "DROP TABLE IF EXISTS " + TableNames.consumerTable(consumer));
            Jdbc.update(connection, DELETE_REGISTRATION, consumer);
            return null;
        });
    }

    long replay(String consumer, Instant since) {
        String stream = tasks.streamOf(consumer);
        String sql = REPLAY_BATCH.formatted(TableNames.streamTable(stream), TableNames.consumerTable(consumer));
        long until = jdbc.detachedStatement(
                "read the database clock",
                connection -> Jdbc.queryOne(connection, Sql.format("SELECT {now}"), rs -> rs.getLong(1)));
        TimePage.Position position = TimePage.Position.before(since.toEpochMilli());
        long requeued = 0;
        while (true) {
            TimePage.Position from = position;
            TimePage batch = jdbc.detached(
                    "replay events of stream '" + stream + "' for consumer '" + consumer + "'", connection -> {
                        AdvisoryLocks.lockStreamShared(connection, stream);
                        // before the inserts, unlike a finish: a replay may insert the very tasks a move of an
                        // ordered consumer (which holds this lock exclusively) is inserting, and each would
                        // wait for the other's
                        AdvisoryLocks.lockKeysShared(connection, consumer);
                        List<String> keys = new ArrayList<>();
                        TimePage page = Jdbc.queryOne(
                                connection,
                                sql,
                                rs -> {
                                    java.sql.Array queued = rs.getArray(5);
                                    if (queued != null) {
                                        keys.addAll(List.of((String[]) queued.getArray()));
                                    }
                                    return TimePage.read(rs, from);
                                },
                                consumer,
                                from.createdAt(),
                                from.id(),
                                until,
                                REPLAY_BATCH_SIZE);
                        if (!keys.isEmpty()) {
                            KeyQueue.promote(connection, consumer, keys);
                        }
                        return page;
                    });
            requeued += batch.changed();
            position = batch.next();
            if (batch.last(REPLAY_BATCH_SIZE)) {
                break;
            }
        }
        jdbc.detachedStatement(
                "wake the workers of stream '" + stream + "'",
                connection ->
                        Jdbc.queryOne(connection, "SELECT pg_notify('" + Sql.CHANNEL + "', ?)", rs -> null, stream));
        return requeued;
    }

    private static KanthorqException notRegistered(String consumer) {
        return new KanthorqException("kanthorq: consumer '" + consumer + "' is not registered");
    }
}
