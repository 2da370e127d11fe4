package io.kanthorq.core;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Turns a consumer's new stream events into tasks without losing late commits (DESIGN.md §4.2).
 *
 * <p>Every event carries its publishing transaction's {@code txid}; the consumer's cursor is a
 * {@code pg_snapshot}, and an event is in the consumer's past when its txid is visible in the cursor.
 * A move takes the current snapshot once as a window {@code W} and moves, in {@code (txid, id)} order,
 * the events visible in {@code W} but not in the cursor {@code C}; when the window is drained the
 * cursor becomes {@code W}. A transaction still running when {@code W} was taken is in {@code W}'s
 * in-progress list, so the next window catches it whatever its ids. Window and position live on the
 * registry row, written in the transaction that inserts the tasks.
 *
 * <p>The only rows below {@code xmax(C)} that can be new are those of {@code C}'s in-progress list,
 * looked up by index; everything else lies in {@code [xmax(C), xmax(W))}. An old open transaction
 * therefore costs a few index look-ups per move, not a rescan of the stream.
 */
final class StreamMover {

    /** What one batch did. */
    record Result(int scanned, int inserted, boolean more, boolean busy) {
        static final Result IDLE = new Result(0, 0, false, false);
        static final Result BUSY = new Result(0, 0, false, true);
    }

    // Read-only probe: whether a move could find anything, so idle polls write nothing.
    private static final String PROBE = """
            SELECT r.stream_name, r.subject_includes, r.subject_excludes,
                   r.window_snapshot IS NOT NULL
                     OR EXISTS (SELECT 1 FROM %1$s s WHERE s.txid >= pg_snapshot_xmax(r.cursor_snapshot))
                     OR EXISTS (SELECT 1 FROM %1$s s
                                WHERE s.txid = ANY (ARRAY(SELECT pg_snapshot_xip(r.cursor_snapshot)))) AS pending,
                   pg_snapshot_xmax(r.cursor_snapshot) > pg_snapshot_xmax(pg_current_snapshot()) AS foreign_cursor,
                   pg_snapshot_xmax(r.cursor_snapshot)::text AS cursor_xmax,
                   pg_snapshot_xmax(pg_current_snapshot())::text AS current_xmax
            FROM kanthorq_consumer_registry r
            WHERE r.name = ?
            """;

    // Locks the consumer's registry row (another instance moving it makes this return no row) and
    // opens a window unless one is open already. The window is taken once and stored exactly.
    private static final String LOCK_AND_OPEN_WINDOW = """
            UPDATE kanthorq_consumer_registry r
            SET window_snapshot = coalesce(r.window_snapshot, pg_current_snapshot())
            WHERE r.name = (SELECT name FROM kanthorq_consumer_registry WHERE name = ? FOR UPDATE SKIP LOCKED)
            RETURNING r.cursor_snapshot::text, r.window_snapshot::text,
                      coalesce(r.position_txid, '0'::xid8)::text, coalesce(r.position_id, ''),
                      r.subject_includes, r.subject_excludes
            """;

    private static final String MOVE_BATCH = Sql.format("""
            WITH scanned AS (
                SELECT s.txid, s.id, s.subject FROM (
                    (SELECT txid, id, subject FROM %1$s
                     WHERE txid = ANY (ARRAY(SELECT pg_snapshot_xip(?::pg_snapshot)))
                       AND pg_visible_in_snapshot(txid, ?::pg_snapshot)
                       AND (txid, id) > (?::xid8, ?)
                     ORDER BY txid, id LIMIT ?)
                    UNION ALL
                    (SELECT txid, id, subject FROM %1$s
                     WHERE txid >= pg_snapshot_xmax(?::pg_snapshot)
                       AND txid < pg_snapshot_xmax(?::pg_snapshot)
                       AND pg_visible_in_snapshot(txid, ?::pg_snapshot)
                       AND (txid, id) > (?::xid8, ?)
                     ORDER BY txid, id LIMIT ?)
                ) s
                ORDER BY s.txid, s.id
                LIMIT ?
            ), inserted AS (
                INSERT INTO %2$s (event_id, subject, state, schedule_at, created_at, updated_at)
                SELECT id, subject, 1, {now}, {now}, {now}
                FROM scanned
                WHERE (cardinality(?::text[]) = 0 OR subject ~ ANY (?::text[]))
                  AND NOT (subject ~ ANY (?::text[]))
                ORDER BY txid, id
                ON CONFLICT (event_id) DO NOTHING
                RETURNING 1
            ), last AS (
                SELECT txid, id FROM scanned ORDER BY txid DESC, id DESC LIMIT 1
            )
            SELECT (SELECT count(*) FROM scanned), (SELECT count(*) FROM inserted),
                   (SELECT txid::text FROM last), (SELECT id FROM last)
            """);

    private static final String ADVANCE_POSITION = """
            UPDATE kanthorq_consumer_registry SET position_txid = ?::xid8, position_id = ? WHERE name = ?
            """;

    private static final String CLOSE_WINDOW = """
            UPDATE kanthorq_consumer_registry
            SET cursor_snapshot = window_snapshot, window_snapshot = NULL, position_txid = NULL, position_id = NULL
            WHERE name = ?
            """;

    private record Probe(String stream, boolean pending) {
    }

    private record BatchRow(long scanned, long inserted, String lastTxid, String lastId) {
    }

    private final Jdbc jdbc;
    private final java.util.Map<String, String> streams = new java.util.concurrent.ConcurrentHashMap<>();

    StreamMover(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Moves up to {@code batchSize} stream rows of {@code consumer} into tasks. {@link Result#more()}
     * tells whether the window holds more. Returns {@link Result#BUSY} when another instance is
     * moving this consumer right now.
     */
    Result move(String consumer, int batchSize) {
        String consumerTable = Names.consumerTable(consumer);
        String operation = "move stream events for consumer '" + consumer + "'";
        Probe probe = jdbc.detachedStatement(operation, connection -> probe(connection, consumer));
        if (!probe.pending()) {
            return Result.IDLE;
        }
        return jdbc.detached(operation, connection -> {
            String streamTable = Names.streamTable(probe.stream());
            var window = Jdbc.queryOne(connection, LOCK_AND_OPEN_WINDOW, rs -> new Object[] {
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    regexes((String[]) rs.getArray(5).getArray()), regexes((String[]) rs.getArray(6).getArray())
            }, consumer);
            if (window == null) {
                return Result.BUSY;
            }
            String cursor = (String) window[0];
            String snapshot = (String) window[1];
            String positionTxid = (String) window[2];
            String positionId = (String) window[3];
            String sql = MOVE_BATCH.formatted(streamTable, consumerTable);
            BatchRow batch = Jdbc.queryOne(connection, sql,
                    rs -> new BatchRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)),
                    cursor, snapshot, positionTxid, positionId, batchSize,
                    cursor, snapshot, snapshot, positionTxid, positionId, batchSize,
                    batchSize,
                    window[4], window[4], window[5]);
            boolean more = batch.scanned() >= batchSize;
            if (more) {
                Jdbc.update(connection, ADVANCE_POSITION, batch.lastTxid(), batch.lastId(), consumer);
            } else {
                Jdbc.update(connection, CLOSE_WINDOW, consumer);
            }
            return new Result((int) batch.scanned(), (int) batch.inserted(), more, false);
        });
    }

    private Probe probe(Connection connection, String consumer) throws SQLException {
        String stream = streams.get(consumer);
        if (stream == null) {
            stream = Jdbc.queryOne(connection, "SELECT stream_name FROM kanthorq_consumer_registry WHERE name = ?",
                    rs -> rs.getString(1), consumer);
            if (stream == null) {
                throw new KanthorqException("kanthorq: consumer '" + consumer + "' is not registered");
            }
            // a consumer never changes stream (Registrar rejects it), so this cannot go stale
            streams.put(consumer, stream);
        }
        return Jdbc.queryOne(connection, PROBE.formatted(Names.streamTable(stream)), rs -> {
            if (rs.getBoolean("foreign_cursor")) {
                throw new KanthorqException("kanthorq: the cursor of consumer '" + consumer + "' (xmax "
                        + rs.getString("cursor_xmax") + ") is ahead of this database's transaction counter ("
                        + rs.getString("current_xmax") + "): the database was restored or replaced. Reset the cursor"
                        + " deliberately, e.g. UPDATE kanthorq_consumer_registry SET cursor_snapshot ="
                        + " pg_current_snapshot(), window_snapshot = NULL, position_txid = NULL, position_id = NULL"
                        + " WHERE name = '" + consumer + "' (events not yet moved are then skipped)");
            }
            return new Probe(rs.getString("stream_name"), rs.getBoolean("pending"));
        }, consumer);
    }

    private static Jdbc.SqlArray regexes(String[] filters) {
        return new Jdbc.SqlArray("text", List.of(filters).stream().map(Subjects::toRegex).toArray());
    }
}
