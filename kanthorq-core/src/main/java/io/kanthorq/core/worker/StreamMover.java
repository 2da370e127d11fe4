package io.kanthorq.core.worker;

import io.kanthorq.core.Event;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>A move is one statement: lock the registry row ({@code SKIP LOCKED}: another instance moving it
 * is not waited for), scan, insert the tasks — the first {@code claimLimit} of them directly as
 * Running for the calling worker, saving a claim — and advance window, position or cursor.
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

    private static final String SCANNED_COLUMNS =
            "txid, id, subject, body, metadata, created_at, ordering_key, deliver_at, correlation_id, causation_id";

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
                   -- an ordered consumer's ordering lock, exclusive: the move statement after this one then
                   -- sees every head that finished, and no finish misses the tasks this move queues
                   CASE WHEN l.ordered THEN pg_advisory_xact_lock(%s) END IS NULL AS keys_locked,
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
            """.formatted(AdvisoryLocks.KEYS_KEY.replace("?", "l.name"));

    // Scans the window (cursor C, window W, position P are bound values, so each branch is planned as an
    // ordered index range scan that stops at the LIMIT), inserts the tasks — the first ones that may start
    // as Running for the caller — and stores the position, or makes W the cursor when the window is drained.
    // A task waits (Pending) when its consumer is ordered by key and its key has a head already, in the
    // table or earlier in this batch; a task of a delayed event is Available from its delivery time on.
    // Waiting and delayed tasks take no capacity: only tasks that may start count towards the task limit.
    private static final NamedParameters MOVE = NamedParameters.parse(Sql.format(
            """
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
                SELECT sc.*, CASE WHEN :ordered THEN sc.ordering_key END AS task_key,
                       coalesce(sc.deliver_at > {now}, false) AS delayed
                FROM scanned sc
                WHERE (:take_all OR sc.subject LIKE ANY (:include_likes::text[])
                       OR sc.subject ~ ANY (:include_regexes::text[]))
                  AND NOT (sc.subject LIKE ANY (:exclude_likes::text[])
                           OR sc.subject ~ ANY (:exclude_regexes::text[]))
            ), lanes AS (
                -- the caller's lanes by key, one object: a lookup per row instead of a join the planner would
                -- run as a nested loop (it believes the CTEs hold one row each)
                SELECT jsonb_object_agg(l.lane_key, jsonb_build_array(l.lane_event, l.lane_claim, l.lane_room)) AS m
                FROM unnest(:lane_keys::text[], :lane_events::text[], :lane_claims::bigint[], :lane_rooms::int[])
                         AS l(lane_key, lane_event, lane_claim, lane_room)
            ), numbered AS (
                SELECT f.*, (SELECT m FROM lanes) -> f.task_key AS lane,
                       row_number() OVER w AS n,
                       -- a delayed task of the key at or before this one in the batch
                       bool_or(f.delayed) OVER w AS held
                FROM filtered f
                WINDOW w AS (PARTITION BY f.task_key ORDER BY f.k)
            ), firsts AS (
                -- how each key of this batch starts, probed at its first task only: 'w' it waits (Pending
                -- tasks, or a head not in one of the caller's lanes), 'l' behind the tail of the caller's lane
                -- for the key (still Running under its claim), 'h' no head: its first task becomes the head.
                -- Each probe reads one partial index (key queue, key head): an OR of states would match neither.
                SELECT nb.*,
                       CASE WHEN nb.task_key IS NULL OR nb.n > 1 THEN NULL
                            WHEN EXISTS (SELECT 1 FROM %1$s t WHERE t.ordering_key = nb.task_key AND t.state = {PENDING})
                                THEN 'w'
                            WHEN nb.lane IS NOT NULL AND EXISTS (
                                    SELECT 1 FROM %1$s lt WHERE lt.event_id = nb.lane ->> 0
                                      AND lt.claim = (nb.lane ->> 1)::bigint AND lt.state = {RUNNING})
                                THEN 'l'
                            WHEN """ + " " + KeyQueue.hasHead("t", "nb.task_key", ":block") + """
                                THEN 'w'
                            ELSE 'h'
                       END AS first_mode
                FROM numbered nb
            ), keyed AS (
                -- a task of a key may start when its key's first task starts here (head, or behind the
                -- caller's lane), no delayed task of the key comes before it in this batch, and the lane has
                -- room; 'head' marks the tasks that become Available when they do not start now
                SELECT km.*,
                       CASE WHEN km.task_key IS NULL THEN NOT km.delayed
                            ELSE km.mode <> 'w' AND NOT km.held
                                 AND km.n <= CASE WHEN km.mode = 'l' THEN (km.lane ->> 2)::int ELSE :lane_max END
                       END AS startable,
                       km.task_key IS NULL OR (km.mode = 'h' AND km.n = 1) AS head,
                       CASE WHEN km.mode = 'l' THEN km.lane ->> 0 END AS tail
                FROM (
                    SELECT fs.*, first_value(fs.first_mode) OVER (PARTITION BY fs.task_key ORDER BY fs.k) AS mode
                    FROM firsts fs
                ) km
            ), matched AS (
                -- the first ones that may start are started for the caller (inserted as Running under this
                -- move's token); s counts the tasks that may start, up to and including this one. A task that
                -- may start but does not (over the claim limit) waits behind its key's head unless it is one.
                SELECT m.*, m.startable AND m.s <= :claim_limit AS running
                FROM (
                    SELECT kd.*, count(*) FILTER (WHERE kd.startable) OVER (ORDER BY kd.k) AS s
                    FROM keyed kd
                ) m
            ), bounds AS (
                -- the move consumes the scanned rows up to its task limit's last startable match (or all)
                SELECT coalesce((SELECT k FROM matched WHERE startable AND s = :max_tasks),
                                (SELECT count(*) FROM scanned)) AS cut,
                       (SELECT count(*) FROM scanned) AS total
            ), inserted AS (
                INSERT INTO %1$s (event_id, subject, state, schedule_at, attempt_count, attempted_at, claim,
                                  created_at, updated_at, ordering_key, delivery_seq)
                SELECT id, subject,
                       CASE WHEN running THEN {RUNNING} WHEN head THEN {AVAILABLE} ELSE {PENDING} END,
                       CASE WHEN running THEN {now} + :visibility_ms ELSE greatest({now}, deliver_at) END,
                       CASE WHEN running THEN 1 ELSE 0 END,
                       CASE WHEN running THEN {now} END,
                       CASE WHEN running THEN :token::bigint END,
                       {now}, {now}, task_key,
                       -- evaluated after the ORDER BY (a volatile function): numbers follow delivery order
                       CASE WHEN task_key IS NOT NULL THEN nextval('kanthorq_delivery_seq') END
                FROM matched, bounds
                WHERE matched.k <= bounds.cut
                ORDER BY matched.k
                ON CONFLICT (event_id) DO NOTHING
                RETURNING event_id, state
            ), last AS (
                SELECT txid, id FROM scanned, bounds WHERE scanned.k = bounds.cut
            ), advanced AS (
                UPDATE kanthorq_consumer_registry
                SET cursor_snapshot = CASE WHEN d.drained THEN :window::pg_snapshot ELSE cursor_snapshot END,
                    window_snapshot = CASE WHEN d.drained THEN NULL ELSE :window::pg_snapshot END,
                    position_txid = CASE WHEN d.drained THEN NULL ELSE (SELECT txid FROM last) END,
                    position_id = CASE WHEN d.drained THEN NULL ELSE (SELECT id FROM last) END
                FROM (SELECT cut = total AND total < :scan_limit AS drained FROM bounds) d
                WHERE name = :consumer
                RETURNING 1
            )
            -- Three kinds of rows, matched up in Java rather than by a join the planner would run as
            -- a nested loop over CTEs it believes hold one row: 's' the summary, 'i' the ids inserted
            -- as Running, 'm' the events that were to be claimed (a conflict may have kept some out).
            SELECT 's' AS kind, (SELECT cut FROM bounds) AS scanned, (SELECT count(*) FROM inserted) AS inserted,
                   (SELECT NOT drained
                    FROM (SELECT cut = total AND total < :scan_limit AS drained FROM bounds) d) AS more,
                   NULL AS event_id, NULL AS subject, NULL::bytea AS body,
                   NULL::bigint AS created_at, NULL::text AS ordering_key, NULL::text AS correlation_id,
                   NULL::text AS causation_id, NULL::text[] AS keys, NULL::text[] AS vals,
                   NULL::bigint AS k, NULL::text AS tail
            UNION ALL
            SELECT 'i', NULL, NULL, NULL, event_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
            FROM inserted WHERE state = {RUNNING}
            UNION ALL
            SELECT 'm', NULL, NULL, NULL, mt.id, mt.subject, mt.body, mt.created_at, mt.ordering_key,
                   mt.correlation_id, mt.causation_id,
            """ + Sql.metadataArrays("mt.metadata") + """
            ,
                   -- k: delivery order within the batch; tail: the lane's task it was attached behind
                   mt.k, mt.tail
            FROM matched mt
            WHERE mt.running
            """,
            "%1$s",
            "%2$s",
            SCANNED_COLUMNS));

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

    private static final SqlTemplate MOVE_SQL = SqlTemplate.of(MOVE.sql());
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
        String sql = MOVE_SQL.forConsumerAndStream(consumer, stream(connection, consumer));
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
        MovedRows rows = new MovedRows();
        Jdbc.query(
                connection,
                sql,
                rs -> {
                    rows.add(rs, consumer, window);
                    return null;
                },
                MOVE.values(Map.ofEntries(
                        Map.entry("cursor", window.cursor()),
                        Map.entry("window", window.window()),
                        Map.entry("position_txid", window.positionTxid()),
                        Map.entry("position_id", window.positionId()),
                        Map.entry("scan_limit", scanLimit),
                        Map.entry("claim_limit", claimLimit),
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
                        Map.entry("max_tasks", maxTasks),
                        Map.entry("visibility_ms", window.visibilityMs()),
                        Map.entry("token", window.token()),
                        Map.entry("ordered", window.ordered()),
                        Map.entry("block", window.block()),
                        Map.entry("lane_keys", new Jdbc.SqlArray("text", tails.keys())),
                        Map.entry("lane_events", new Jdbc.SqlArray("text", tails.eventIds())),
                        Map.entry("lane_claims", new Jdbc.SqlArray("bigint", tails.claims())),
                        Map.entry("lane_rooms", new Jdbc.SqlArray("int", tails.rooms())),
                        Map.entry("lane_max", KeyLanes.MAX_LANE),
                        Map.entry("consumer", consumer))));
        return rows.result();
    }

    /** The move statement's rows, matched up: the summary, the ids inserted as Running, their events. */
    private static final class MovedRows {
        private final List<Candidate> candidates = new ArrayList<>();
        private final Map<String, String> tails = new HashMap<>();
        private final Set<String> inserted = new HashSet<>();
        private int scanned;
        private int insertedCount;
        private boolean more;

        void add(ResultSet rs, String consumer, Window window) throws SQLException {
            switch (rs.getString("kind")) {
                case "s" -> {
                    scanned = rs.getInt("scanned");
                    insertedCount = rs.getInt("inserted");
                    more = rs.getBoolean("more");
                }
                case "i" -> inserted.add(rs.getString("event_id"));
                default -> {
                    ClaimedTask task = claimedTask(consumer, rs, window);
                    candidates.add(new Candidate(rs.getLong("k"), task));
                    String tail = rs.getString("tail");
                    if (tail != null) {
                        tails.put(task.eventId(), tail);
                    }
                }
            }
        }

        // a conflict (the task existed) may have kept some of the events to claim out
        Result result() {
            candidates.sort(Comparator.comparingLong(Candidate::k));
            List<ClaimedTask> claimed = new ArrayList<>(inserted.size());
            for (Candidate candidate : candidates) {
                if (inserted.contains(candidate.task().eventId())) {
                    claimed.add(candidate.task());
                }
            }
            tails.keySet().retainAll(inserted);
            return new Result(scanned, insertedCount, more, false, claimed, tails);
        }
    }

    /** A task to claim and its place in the move's delivery order. */
    private record Candidate(long k, ClaimedTask task) {}

    private static ClaimedTask claimedTask(String consumer, ResultSet rs, Window window) throws SQLException {
        Event event = StreamRows.event(rs, "event_id");
        return new ClaimedTask(
                new TaskContext(consumer, event, 1, window.attemptMax()), window.token(), window.visibilityMs(), false);
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
