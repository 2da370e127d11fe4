package io.kanthorq.core.worker;

import io.kanthorq.core.KanthorqException;
import io.kanthorq.core.TaskContext;
import io.kanthorq.core.internal.AdvisoryLocks;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.KeyQueue;
import io.kanthorq.core.internal.NamedParameters;
import io.kanthorq.core.internal.Registry;
import io.kanthorq.core.internal.Sql;
import io.kanthorq.core.internal.SqlTemplate;
import io.kanthorq.core.internal.StreamRows;
import io.kanthorq.core.internal.SubjectPatterns;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a consumer's new stream events into tasks without losing late commits (DESIGN.md §4.2).
 *
 * <p>Every event carries its publishing transaction's {@code txid}; the consumer's cursor is a
 * {@code pg_snapshot}, and an event is in the consumer's past when its txid is visible in the cursor.
 * A move takes the current snapshot once as a window {@code W} and moves, in {@code (txid, id)} order,
 * the events visible in {@code W} but not in the cursor {@code C}; when the window is drained the
 * cursor becomes {@code W}. A transaction still running when {@code W} was taken is in {@code W}'s
 * in-progress list, so the next window catches it whatever its ids. Window and position live on the
 * registry row, written by the statement that inserts the tasks.
 *
 * <p>The only rows below {@code xmax(C)} that can be new are those of {@code C}'s in-progress list,
 * looked up by index; everything else lies in {@code [xmax(C), xmax(W))}. An old open transaction
 * therefore costs a few index look-ups per move, not a rescan of the stream.
 *
 * <p>A move is three statements in one transaction, four for a consumer ordered by key: lock the registry
 * row ({@code SKIP LOCKED}: another instance moving it is not waited for); scan, returning the matching
 * rows (an ordered consumer then takes its ordering lock, exclusive); probe how each ordering key of them
 * starts (tasks waiting, a head, the caller's lane for it); insert the tasks {@link MoveBatch} decided —
 * the first {@code claimLimit} of them directly as Running for the calling worker, saving a claim — and
 * advance window, position or cursor. The row lock holds from the scan to the write, so no other
 * instance moves the same rows meanwhile.
 */
final class StreamMover {

    /**
     * What one move did; {@code claimed} are tasks inserted as Running for the caller, in delivery order;
     * {@code attached} maps those attached behind one of the caller's lanes to the lane's tail.
     */
    record Result(
            int scanned,
            int inserted,
            boolean more,
            boolean busy,
            List<ClaimedTask> claimed,
            Map<String, String> attached) {
        static final Result IDLE = new Result(0, 0, false, false, List.of(), Map.of());
        static final Result BUSY = new Result(0, 0, false, true, List.of(), Map.of());
    }

    // Read-only: whether a move could find anything, so idle polls write nothing.
    private static final String PROBE = """
            WITH r AS (
                SELECT paused, window_snapshot, cursor_snapshot FROM kanthorq_consumer_registry WHERE name = ?
            )
            SELECT NOT r.paused AND (r.window_snapshot IS NOT NULL
                     -- scalar sub-selects (not correlated) so that each EXISTS is an index probe
                     OR EXISTS (SELECT 1 FROM %1$s s WHERE s.txid >= (SELECT pg_snapshot_xmax(cursor_snapshot) FROM r))
                     OR EXISTS (SELECT 1 FROM %1$s s
                                WHERE s.txid = ANY (ARRAY(SELECT pg_snapshot_xip(cursor_snapshot) FROM r)))) AS pending,
                   pg_snapshot_xmax(r.cursor_snapshot) > pg_snapshot_xmax(pg_current_snapshot()) AS foreign_cursor,
                   pg_snapshot_xmax(r.cursor_snapshot)::text AS cursor_xmax,
                   pg_snapshot_xmax(pg_current_snapshot())::text AS current_xmax
            FROM r
            """;

    private static final String SCANNED_COLUMNS = "txid, id, subject, ordering_key, deliver_at";

    // Locks the registry row (SKIP LOCKED: another instance moving is not waited for) and reads the
    // cursor, the window (taken now when none is open) and the position.
    private static final String LOCK = """
            WITH locked AS (
                SELECT r.xmin AS version, r.stream_name, r.cursor_snapshot AS c,
                       coalesce(r.window_snapshot, pg_current_snapshot()) AS w,
                       coalesce(r.position_txid, '0'::xid8) AS ptxid, coalesce(r.position_id, '') AS pid,
                       r.subject_includes AS inc, r.subject_excludes AS exc,
                       r.visibility_timeout_ms AS vis, r.attempt_max, r.name,
                       r.ordering = 'key' AS ordered, r.on_discard = 'block' AS block,
                       pg_snapshot_xmax(r.cursor_snapshot) > pg_snapshot_xmax(pg_current_snapshot()) AS foreign_cursor
                FROM kanthorq_consumer_registry r
                WHERE r.name = ? AND NOT r.paused
                FOR UPDATE SKIP LOCKED
            )
            SELECT l.foreign_cursor, l.stream_name,
                   -- the locked version must be the one this statement's snapshot sees: a newer one means
                   -- another instance moved meanwhile, and a window taken now could be older than its cursor
                   l.version = (SELECT xmin FROM kanthorq_consumer_registry WHERE name = ?) AS current,
                   l.c::text, l.w::text, l.ptxid::text, l.pid, l.inc, l.exc, l.vis, l.attempt_max, l.ordered, l.block,
                   -- one claim token for every task this move starts: it identifies this claim, and acks
                   -- are fenced by (event_id, claim), so tasks need no token of their own
                   nextval('kanthorq_claim_seq') AS token,
                   pg_snapshot_xmax(l.c)::text AS cursor_xmax,
                   pg_snapshot_xmax(pg_current_snapshot())::text AS current_xmax,
                   -- for the rest of this transaction: without fresh statistics the planner prefers a
                   -- bitmap scan of the whole window plus a sort over the ordered index scan that stops
                   -- at the LIMIT (the stream is append-only, so that scan is nearly sequential)
                   set_config('enable_bitmapscan', 'off', true) AS planner
            FROM locked l
            """;

    // Scans the window (cursor C, window W, position P are bound values, so each branch is planned as an
    // ordered index range scan that stops at the LIMIT) and returns the rows matching the consumer's
    // subjects, numbered in delivery order (k), plus the scan's extent. Which task each row becomes is
    // decided in Java (MoveBatch), from these rows and, for an ordered consumer, the key probes (KEYS):
    // in SQL that took three window passes over the rows, more than the insert itself.
    private static final NamedParameters SCAN = NamedParameters.parse(
            Sql.format("""
            WITH scanned AS (
                SELECT s.*, row_number() OVER (ORDER BY s.txid, s.id) AS k FROM (
                    SELECT u.* FROM (
                        (SELECT %3$s FROM %2$s
                         WHERE txid = ANY (ARRAY(SELECT pg_snapshot_xip(:cursor::pg_snapshot)))
                           AND pg_visible_in_snapshot(txid, :window::pg_snapshot)
                           AND (txid, id) > (:position_txid::xid8, :position_id)
                         ORDER BY txid, id LIMIT :scan_limit)
                        UNION ALL
                        (SELECT %3$s FROM %2$s
                         WHERE txid >= pg_snapshot_xmax(:cursor::pg_snapshot)
                           AND txid < pg_snapshot_xmax(:window::pg_snapshot)
                           AND pg_visible_in_snapshot(txid, :window::pg_snapshot)
                           AND (txid, id) > (:position_txid::xid8, :position_id)
                         ORDER BY txid, id LIMIT :scan_limit)
                    ) u
                    ORDER BY u.txid, u.id
                    LIMIT :scan_limit
                ) s
            ), filtered AS (
                SELECT sc.* FROM scanned sc
                WHERE (:take_all OR sc.subject LIKE ANY (:include_likes::text[])
                       OR sc.subject ~ ANY (:include_regexes::text[]))
                  AND NOT (sc.subject LIKE ANY (:exclude_likes::text[])
                           OR sc.subject ~ ANY (:exclude_regexes::text[]))
            )
            SELECT 'r' AS kind, f.k, f.txid::text AS txid, f.id, f.subject, f.ordering_key, f.deliver_at,
                   coalesce(f.deliver_at > {now}, false) AS delayed, NULL::boolean AS locked
            FROM filtered f
            UNION ALL
            -- the scan's extent: how many rows, and the last one (the position when all of them are consumed);
            -- last, an ordered consumer's ordering lock, exclusive: the key probes after this statement then
            -- see every head that finished, and no finish misses the tasks this move queues. Taken after the
            -- rows are read, so that a finish still promoting under the lock (shared) is waited for the least.
            SELECT 'e', (SELECT count(*) FROM scanned), last.txid::text, last.id, NULL, NULL, NULL, NULL,
                   CASE WHEN :ordered THEN pg_advisory_xact_lock(%4$s) END IS NULL
            FROM (SELECT 1) one LEFT JOIN (SELECT txid, id FROM scanned ORDER BY k DESC LIMIT 1) last ON true
            """, "%1$s", "%2$s", SCANNED_COLUMNS, AdvisoryLocks.KEYS_KEY.replace("?", ":consumer")));

    // Ordered consumers, after the scan and under the ordering lock: per ordering key of the batch, whether
    // tasks of it wait (Pending), whether the caller's lane for it (when it has one) still has its tail
    // Running under its claim, and else whether the key has a head elsewhere. Each probe reads one index
    // (key queue, primary key, key head): an OR of states would match no partial index. Only the lanes of
    // the batch's keys are probed, so a worker holding many lanes probes no more. The key queue and key
    // head probes stay per key (OFFSET 0): hashed into one pass, as the planner may choose for an EXISTS
    // in a select list, they would read every waiting task or head of the consumer (a hot key's whole
    // queue) on every move; the lane probe may be hashed, it reads the consumer's Running tasks.
    private static final NamedParameters KEYS =
            NamedParameters.parse(Sql.format("""
            SELECT p.key, p.live,
                   -- one probe first for whether any task of the consumer waits: usually none does (in the
                   -- key queue index's order, so that it reads that index whatever share of the table waits)
                   CASE WHEN (SELECT 1 FROM %1$s w WHERE w.state = {PENDING}
                              ORDER BY w.ordering_key, w.delivery_seq LIMIT 1) IS NOT NULL
                        THEN EXISTS (SELECT 1 FROM %1$s t WHERE t.ordering_key = p.key AND t.state = {PENDING}
                                     OFFSET 0)
                        ELSE false END AS pending,
                   -- a live lane's tail is the key's head
                   CASE WHEN p.live THEN true ELSE""" + " " + KeyQueue.hasHead("t", "p.key", ":block") + """
             END AS head
            FROM (SELECT u.key,
                         u.lane_event IS NOT NULL
                         AND EXISTS (SELECT 1 FROM %1$s lt WHERE lt.event_id = u.lane_event
                                     AND lt.claim = u.lane_claim AND lt.state = {RUNNING}) AS live
                  FROM unnest(:keys::text[], :lane_events::text[], :lane_claims::bigint[]) AS u(key, lane_event, lane_claim)
                  OFFSET 0) p
            """));
    private static final SqlTemplate KEYS_SQL = SqlTemplate.of(KEYS.sql());

    // Inserts the tasks MoveBatch decided, in delivery order (numbers of keyed tasks follow it; %3$s is
    // nothing, or a clause skipping tasks that exist), stores the position or makes W the cursor when the
    // window is drained, and returns the tasks started for the caller with their events, plus a summary row.
    private static final NamedParameters WRITE =
            NamedParameters.parse(Sql.format("""
            WITH inserted AS (
                INSERT INTO %1$s (event_id, subject, state, schedule_at, attempt_count, attempted_at, claim,
                                  created_at, updated_at, ordering_key, delivery_seq)
                SELECT r.id, r.subject, r.state,
                       CASE WHEN r.state = {RUNNING} THEN {now} + :visibility_ms ELSE greatest({now}, r.deliver_at) END,
                       CASE WHEN r.state = {RUNNING} THEN 1 ELSE 0 END,
                       CASE WHEN r.state = {RUNNING} THEN {now} END,
                       CASE WHEN r.state = {RUNNING} THEN :token::bigint END,
                       {now}, {now}, r.task_key,
                       -- evaluated after the ORDER BY (a volatile function): numbers follow delivery order
                       CASE WHEN r.task_key IS NOT NULL THEN nextval('kanthorq_delivery_seq') END
                FROM unnest(:ids::text[], :subjects::text[], :states::smallint[], :deliver_at::bigint[],
                            :task_keys::text[]) WITH ORDINALITY AS r(id, subject, state, deliver_at, task_key, ord)
                ORDER BY r.ord
                %3$s
                RETURNING event_id, state
            ), advanced AS (
                UPDATE kanthorq_consumer_registry
                SET cursor_snapshot = CASE WHEN :drained THEN :window::pg_snapshot ELSE cursor_snapshot END,
                    window_snapshot = CASE WHEN :drained THEN NULL ELSE :window::pg_snapshot END,
                    position_txid = CASE WHEN :drained THEN NULL ELSE :last_txid::xid8 END,
                    position_id = CASE WHEN :drained THEN NULL ELSE :last_id END
                WHERE name = :consumer
                RETURNING 1
            )
            SELECT 's' AS kind, (SELECT count(*) FROM inserted) AS inserted, (SELECT count(*) FROM advanced) AS advanced,
                   NULL AS event_id, NULL AS subject, NULL::bytea AS body, NULL::bigint AS created_at,
                   NULL::text AS ordering_key, NULL::text AS correlation_id, NULL::text AS causation_id,
                   NULL::text[] AS keys, NULL::text[] AS vals
            UNION ALL
            SELECT 'i', NULL, NULL, s.id, s.subject, s.body, s.created_at, s.ordering_key, s.correlation_id,
                   s.causation_id,
            """ + Sql.metadataArrays("s.metadata") + """

            FROM inserted i JOIN %2$s s ON s.id = i.event_id
            WHERE i.state = {RUNNING}
            """, "%1$s", "%2$s", "%3$s"));

    /** The locked registry row: cursor, window, position, filters, lease and ordering settings. */
    private record Window(
            String cursor,
            String window,
            String positionTxid,
            String positionId,
            SubjectPatterns.SqlFilters includes,
            SubjectPatterns.SqlFilters excludes,
            long visibilityMs,
            int attemptMax,
            long token,
            boolean ordered,
            boolean block) {}

    private static final SqlTemplate SCAN_SQL = SqlTemplate.of(SCAN.sql());
    private static final SqlTemplate WRITE_SQL = SqlTemplate.of(WRITE.sql().formatted("%1$s", "%2$s", ""));
    private static final SqlTemplate WRITE_SKIPPING_EXISTING_SQL =
            SqlTemplate.of(WRITE.sql().formatted("%1$s", "%2$s", "ON CONFLICT (event_id) DO NOTHING"));
    /** Fewest tasks a move inserts under a savepoint without ON CONFLICT (see move). */
    static final int SAVEPOINT_MIN_TASKS = 64;

    private static final SqlTemplate PROBE_SQL = SqlTemplate.of(PROBE);

    private final Jdbc jdbc;
    private final OrderedConsumers ordered;
    private final Map<String, String> streams = new ConcurrentHashMap<>();
    private final Map<List<String>, SubjectPatterns.SqlFilters> sqlFilters = new ConcurrentHashMap<>();

    StreamMover(Jdbc jdbc, OrderedConsumers ordered) {
        this.jdbc = jdbc;
        this.ordered = ordered;
    }

    /**
     * Whether {@code consumer} may have events to move (read-only). Fails loudly when its cursor comes
     * from another cluster.
     */
    boolean pending(String consumer) {
        return jdbc.detachedStatement(operation(consumer), connection -> {
            String sql = PROBE_SQL.forStream(stream(connection, consumer));
            return Jdbc.queryOne(
                    connection,
                    sql,
                    rs -> {
                        if (rs.getBoolean("foreign_cursor")) {
                            throw foreignCursor(consumer, rs.getString("cursor_xmax"), rs.getString("current_xmax"));
                        }
                        return rs.getBoolean("pending");
                    },
                    consumer);
        });
    }

    /**
     * Moves stream rows of {@code consumer} into tasks on {@code connection}: scans up to
     * {@code batchSize} rows (no more than {@code maxTasks} when every event matches) and stops after
     * {@code maxTasks} matching ones, inserting the first {@code claimLimit} of those as Running for
     * the caller. A worker passes its free capacity as both limits, so what it moves it runs at once (no
     * Available backlog to claim again); events beyond stay in the stream for the next move or another
     * instance.
     */
    Result move(
            Connection connection, String consumer, int batchSize, int maxTasks, int claimLimit, KeyLanes.Tails tails)
            throws SQLException {
        if (maxTasks < 1 || claimLimit > maxTasks) {
            throw new IllegalArgumentException(
                    "maxTasks must be >= 1 and >= claimLimit: " + maxTasks + ", " + claimLimit);
        }
        if (connection.getAutoCommit()) {
            // the registry row's lock must hold from the scan to the write of tasks and position
            throw new IllegalArgumentException("a move runs inside a transaction, not in auto-commit");
        }
        String stream = stream(connection, consumer);
        Window window = Jdbc.queryOne(
                connection,
                LOCK,
                rs -> {
                    if (rs.getBoolean("foreign_cursor")) {
                        throw foreignCursor(consumer, rs.getString("cursor_xmax"), rs.getString("current_xmax"));
                    }
                    if (!rs.getBoolean("current")
                            || !rs.getString("stream_name").equals(streams.get(consumer))) {
                        // a consumer removed and registered again on another stream: forget the cached stream
                        streams.remove(consumer);
                        return null;
                    }
                    return new Window(
                            rs.getString("c"),
                            rs.getString("w"),
                            rs.getString("ptxid"),
                            rs.getString("pid"),
                            filters(rs.getArray("inc")),
                            filters(rs.getArray("exc")),
                            rs.getLong("vis"),
                            rs.getInt("attempt_max"),
                            rs.getLong("token"),
                            rs.getBoolean("ordered"),
                            rs.getBoolean("block"));
                },
                consumer,
                consumer);
        if (window == null) {
            return Result.BUSY; // locked by, or just moved by, another instance
        }
        ordered.update(consumer, window.ordered());
        // A consumer that takes every event needs to scan no more rows than it may start tasks; scanning
        // further would only make the next move read the same rows again. An ordered consumer's waiting
        // tasks take no capacity, so it scans a whole batch.
        int scanLimit = window.includes().matchesAll() && window.excludes().isEmpty() && !window.ordered()
                ? Math.min(batchSize, maxTasks)
                : batchSize;
        MoveBatch batch = new MoveBatch(window.ordered(), tails, KeyLanes.MAX_LANE, maxTasks, claimLimit);
        Jdbc.query(
                connection,
                SCAN_SQL.forConsumerAndStream(consumer, stream),
                rs -> {
                    batch.add(rs);
                    return null;
                },
                SCAN.values(Map.ofEntries(
                        Map.entry("cursor", window.cursor()),
                        Map.entry("window", window.window()),
                        Map.entry("position_txid", window.positionTxid()),
                        Map.entry("position_id", window.positionId()),
                        Map.entry("scan_limit", scanLimit),
                        Map.entry("take_all", window.includes().isEmpty()),
                        Map.entry(
                                "include_likes",
                                new Jdbc.SqlArray("text", window.includes().likes())),
                        Map.entry(
                                "include_regexes",
                                new Jdbc.SqlArray("text", window.includes().regexes())),
                        Map.entry(
                                "exclude_likes",
                                new Jdbc.SqlArray("text", window.excludes().likes())),
                        Map.entry(
                                "exclude_regexes",
                                new Jdbc.SqlArray("text", window.excludes().regexes())),
                        Map.entry("ordered", window.ordered()),
                        Map.entry("consumer", consumer))));
        MoveBatch.KeyProbes probes = batch.keyProbes();
        if (probes.keys().length > 0) {
            Jdbc.query(
                    connection,
                    KEYS_SQL.forConsumer(consumer),
                    rs -> {
                        batch.key(rs.getString("key"), rs.getBoolean("pending"), rs.getBoolean("head"));
                        if (rs.getBoolean("live")) {
                            batch.liveLane(rs.getString("key"));
                        }
                        return null;
                    },
                    KEYS.values(Map.of(
                            "keys", new Jdbc.SqlArray("text", probes.keys()),
                            "lane_events", new Jdbc.SqlArray("text", probes.laneEvents()),
                            "lane_claims", new Jdbc.SqlArray("bigint", probes.laneClaims()),
                            "block", window.block())));
        }
        MoveBatch.Tasks tasks = batch.decide();
        boolean drained = tasks.cut() == batch.total() && batch.total() < scanLimit;
        Map<String, Object> named = new HashMap<>(); // the position is null when nothing was scanned
        named.put("ids", new Jdbc.SqlArray("text", tasks.ids()));
        named.put("subjects", new Jdbc.SqlArray("text", tasks.subjects()));
        named.put("states", new Jdbc.SqlArray("smallint", tasks.states()));
        named.put("deliver_at", new Jdbc.SqlArray("bigint", tasks.deliverAt()));
        named.put("task_keys", new Jdbc.SqlArray("text", tasks.keys()));
        named.put("visibility_ms", window.visibilityMs());
        named.put("token", window.token());
        named.put("drained", drained);
        named.put("window", window.window());
        named.put("last_txid", tasks.lastTxid());
        named.put("last_id", tasks.lastId());
        named.put("consumer", consumer);
        Object[] values = WRITE.values(named);
        Map<String, ClaimedTask> started = new HashMap<>();
        int[] inserted = new int[1];
        Jdbc.RowMapper<Void> written = rs -> {
            if ("s".equals(rs.getString("kind"))) {
                inserted[0] = rs.getInt("inserted");
                if (rs.getInt("advanced") != 1) {
                    throw new KanthorqException("kanthorq: consumer '" + consumer + "' vanished while moving");
                }
            } else {
                ClaimedTask task = new ClaimedTask(
                        new TaskContext(consumer, StreamRows.event(rs, "event_id"), 1, window.attemptMax()),
                        window.token(),
                        window.visibilityMs(),
                        false);
                started.put(task.eventId(), task);
            }
            return null;
        };
        // Tasks are new but for events a replay reached first. A big batch is inserted without ON CONFLICT
        // (its speculative insertion per row cost a fifth of a move) under a savepoint, and only when a task
        // exists does it run again skipping the existing ones; a small one, where the savepoint's round
        // trip would cost more than it saves, skips existing tasks from the start.
        if (tasks.ids().length < SAVEPOINT_MIN_TASKS) {
            Jdbc.query(connection, WRITE_SKIPPING_EXISTING_SQL.forConsumerAndStream(consumer, stream), written, values);
        } else {
            Savepoint beforeWrite = connection.setSavepoint();
            try {
                Jdbc.query(connection, WRITE_SQL.forConsumerAndStream(consumer, stream), written, values);
            } catch (SQLException e) {
                if (!Jdbc.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                connection.rollback(beforeWrite);
                started.clear();
                Jdbc.query(
                        connection,
                        WRITE_SKIPPING_EXISTING_SQL.forConsumerAndStream(consumer, stream),
                        written,
                        values);
            }
        }
        // in delivery order; a conflict (the task existed) may have kept some of those to start out
        List<ClaimedTask> claimed = new ArrayList<>(started.size());
        Map<String, String> attached = new HashMap<>();
        for (String id : tasks.running()) {
            ClaimedTask task = started.get(id);
            if (task != null) {
                claimed.add(task);
                String tail = tasks.tails().get(id);
                if (tail != null) {
                    attached.put(id, tail);
                }
            }
        }
        return new Result(tasks.cut(), inserted[0], !drained, false, claimed, attached);
    }

    /** The registry's filter array prepared for SQL, computed once per distinct array. */
    private SubjectPatterns.SqlFilters filters(Array array) throws SQLException {
        List<String> filters = List.of((String[]) array.getArray());
        return sqlFilters.computeIfAbsent(filters, SubjectPatterns.SqlFilters::of);
    }

    private String stream(Connection connection, String consumer) throws SQLException {
        String stream = streams.get(consumer);
        if (stream == null) {
            stream = Registry.streamOf(connection, consumer);
            if (stream == null) {
                throw new KanthorqException("kanthorq: consumer '" + consumer + "' is not registered");
            }
            // re-registration cannot change a consumer's stream; removal and a new registration can,
            // which the LOCK statement detects
            streams.put(consumer, stream);
        }
        return stream;
    }

    private static String operation(String consumer) {
        return "move stream events for consumer '" + consumer + "'";
    }

    private static KanthorqException foreignCursor(String consumer, String cursorXmax, String currentXmax) {
        return new KanthorqException("kanthorq: the cursor of consumer '" + consumer + "' (xmax " + cursorXmax
                + ") is ahead of this database's transaction counter (" + currentXmax + "): the database was"
                + " restored or replaced. Reset the cursor deliberately, e.g. UPDATE kanthorq_consumer_registry SET"
                + " cursor_snapshot = pg_current_snapshot(), window_snapshot = NULL, position_txid = NULL,"
                + " position_id = NULL WHERE name = '" + consumer + "' (events not yet moved are then skipped)");
    }
}
