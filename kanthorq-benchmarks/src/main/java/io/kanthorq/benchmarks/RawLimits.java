package io.kanthorq.benchmarks;

import com.github.f4b6a3.ulid.UlidCreator;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The physical limit beside each scenario: the thinnest raw-JDBC loops writing the same rows to
 * tables of the same layout, with no framework around them.
 */
final class RawLimits {

    private static final String NOW = "(extract(epoch from statement_timestamp()) * 1000)::bigint";

    /** The conflict clause of an idempotent insert: the stream's partial unique index of keys. */
    private static final String IDEMPOTENT_CONFLICT =
            " ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING";

    private RawLimits() {}

    /** Multi-row inserts of 1,000 events per statement (plus the notify), events/s. */
    static double batchInsert(Connection connection, String table, int events) throws SQLException {
        return batchInsert(connection, table, events, null);
    }

    /**
     * Multi-row inserts of 1,000 events per statement (plus the notify), events/s; with {@code keyShape}
     * each event has a distinct idempotency key of that shape and the insert skips keys that exist
     * ({@code ON CONFLICT DO NOTHING} on the stream's unique index of keys), as an idempotent publish does.
     */
    static double batchInsert(Connection connection, String table, int events, IdempotencyKeys keyShape)
            throws SQLException {
        boolean idempotent = keyShape != null;
        String columns =
                idempotent ? "id, subject, body, created_at, idempotency_key" : "id, subject, body, created_at";
        String rows = idempotent
                ? "unnest(?::text[], ?::text[], ?::bytea[], ?::text[]) AS r(id, subject, body, ikey)"
                : "unnest(?::text[], ?::text[], ?::bytea[]) AS r(id, subject, body)";
        String sql = "WITH i AS (INSERT INTO " + table + " (" + columns + ") SELECT id, subject, body, " + NOW
                + (idempotent ? ", ikey" : "") + " FROM " + rows + (idempotent ? IDEMPOTENT_CONFLICT : "")
                + " RETURNING 1) SELECT count(*), pg_notify('kanthorq_raw', 'x') FROM i";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            long start = System.nanoTime();
            for (int done = 0; done < events; done += 1000) {
                int n = Math.min(1000, events - done);
                String[] ids = new String[n];
                String[] subjects = new String[n];
                byte[][] bodies = new byte[n][];
                String[] keys = idempotent ? new String[n] : null;
                for (int i = 0; i < n; i++) {
                    ids[i] = UlidCreator.getMonotonicUlid().toString();
                    subjects[i] = Workloads.SUBJECT;
                    bodies[i] = Workloads.BODY;
                    if (idempotent) {
                        keys[i] = keyShape.next("raw-"); // every key new, as in the engine's loop
                    }
                }
                statement.setArray(1, connection.createArrayOf("text", ids));
                statement.setArray(2, connection.createArrayOf("text", subjects));
                statement.setArray(3, connection.createArrayOf("bytea", bodies));
                if (idempotent) {
                    statement.setArray(4, connection.createArrayOf("text", keys));
                }
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                }
            }
            return Workloads.perSecond(events, System.nanoTime() - start);
        }
    }

    /**
     * One single-row insert and commit per event, sequentially, events/s; with {@code notify} the insert
     * also notifies, as every publish does (the same database work), without it it is the plain insert.
     */
    static double singleInsert(Connection connection, String table, int events, boolean notify) throws SQLException {
        String insert = "INSERT INTO " + table + " (id, subject, body, created_at) VALUES (?, ?, ?, " + NOW + ")";
        String sql =
                notify ? "WITH i AS (" + insert + " RETURNING 1) SELECT pg_notify('kanthorq_raw', 'x') FROM i" : insert;
        return singleInserts(connection, sql, events, false);
    }

    /**
     * {@link #singleInsert} with notify, each event with a distinct idempotency key, inserted as an
     * idempotent publish does ({@code ON CONFLICT DO NOTHING} on the stream's unique index of keys).
     */
    static double singleInsertIdempotent(Connection connection, String table, int events) throws SQLException {
        String sql = "WITH i AS (INSERT INTO " + table + " (id, subject, body, created_at, idempotency_key)"
                + " VALUES (?, ?, ?, " + NOW + ", ?)" + IDEMPOTENT_CONFLICT
                + " RETURNING 1) SELECT pg_notify('kanthorq_raw', 'x') FROM i";
        return singleInserts(connection, sql, events, true);
    }

    private static double singleInserts(Connection connection, String sql, int events, boolean keyed)
            throws SQLException {
        connection.setAutoCommit(true);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                String id = UlidCreator.getMonotonicUlid().toString();
                statement.setString(1, id);
                statement.setString(2, Workloads.SUBJECT);
                statement.setBytes(3, Workloads.BODY);
                if (keyed) {
                    statement.setString(4, "raw-" + id);
                }
                statement.execute();
            }
            return Workloads.perSecond(events, System.nanoTime() - start);
        }
    }

    /**
     * Drains {@code events} already in {@code stream} through {@code tasks} on one connection: insert
     * a batch of tasks, claim it with SKIP LOCKED, complete it — the same rows an engine writes, with
     * an id cursor instead of snapshots and no handler. Tasks/s.
     */
    static double drain(Connection connection, String stream, String tasks, int events, int batch) throws SQLException {
        connection.setAutoCommit(true);
        String move = "INSERT INTO " + tasks + " (event_id, subject, state, schedule_at, created_at, updated_at)"
                + " SELECT id, subject, 1, " + NOW + ", " + NOW + ", " + NOW + " FROM " + stream
                + " WHERE id > ? ORDER BY id LIMIT ? RETURNING event_id";
        String claim = "WITH next AS (SELECT event_id FROM " + tasks + " WHERE state IN (1, 102) AND schedule_at <= "
                + NOW + " ORDER BY schedule_at LIMIT ? FOR UPDATE SKIP LOCKED)"
                + " UPDATE " + tasks + " t SET state = 2, attempt_count = t.attempt_count + 1, attempted_at = " + NOW
                + ", schedule_at = " + NOW + " + 300000, claim = (SELECT nextval('kanthorq_claim_seq')), updated_at = "
                + NOW + " FROM next WHERE t.event_id = next.event_id RETURNING t.event_id, t.claim, (SELECT body FROM "
                + stream + " s WHERE s.id = t.event_id)";
        String complete = "UPDATE " + tasks + " t SET state = 101, finalized_at = " + NOW + ", updated_at = " + NOW
                + " FROM unnest(?::text[], ?::bigint[]) AS a(event_id, claim)"
                + " WHERE t.event_id = a.event_id AND t.claim = a.claim AND t.state = 2";
        try (PreparedStatement moveStatement = connection.prepareStatement(move);
                PreparedStatement claimStatement = connection.prepareStatement(claim);
                PreparedStatement completeStatement = connection.prepareStatement(complete)) {
            String cursor;
            try (ResultSet rs =
                    connection.createStatement().executeQuery("SELECT coalesce(max(event_id), '') FROM " + tasks)) {
                rs.next();
                cursor = rs.getString(1); // past any history already in the table
            }
            long start = System.nanoTime();
            int completed = 0;
            while (completed < events) {
                moveStatement.setString(1, cursor);
                moveStatement.setInt(2, batch);
                try (ResultSet rs = moveStatement.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString(1);
                        if (id.compareTo(cursor) > 0) {
                            cursor = id;
                        }
                    }
                }
                claimStatement.setInt(1, batch);
                List<String> ids = new ArrayList<>();
                List<Long> claims = new ArrayList<>();
                try (ResultSet rs = claimStatement.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                        claims.add(rs.getLong(2));
                        rs.getBytes(3);
                    }
                }
                Array idArray = connection.createArrayOf("text", ids.toArray());
                Array claimArray = connection.createArrayOf("bigint", claims.toArray());
                completeStatement.setArray(1, idArray);
                completeStatement.setArray(2, claimArray);
                completed += completeStatement.executeUpdate();
            }
            return Workloads.perSecond(completed, System.nanoTime() - start);
        }
    }

    /** Commit → notification received, in ms, for {@code samples} single-row inserts: the wake-up floor. */
    static List<Double> notifyLatencies(Connection publisher, Connection listener, String table, int samples)
            throws SQLException, InterruptedException {
        listener.createStatement().execute("LISTEN kanthorq_raw_latency");
        PGConnection pg = listener.unwrap(PGConnection.class);
        publisher.setAutoCommit(true);
        String sql = "WITH i AS (INSERT INTO " + table + " (id, subject, body, created_at) VALUES (?, ?, ?, " + NOW
                + ") RETURNING 1) SELECT pg_notify('kanthorq_raw_latency', 'x') FROM i";
        List<Double> latencies = new ArrayList<>();
        try (PreparedStatement statement = publisher.prepareStatement(sql)) {
            for (int i = 0; i < samples; i++) {
                statement.setString(1, UlidCreator.getMonotonicUlid().toString());
                statement.setString(2, Workloads.SUBJECT);
                statement.setBytes(3, Workloads.BODY);
                long start = System.nanoTime();
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                }
                PGNotification[] notifications;
                do {
                    notifications = pg.getNotifications(1000);
                } while (notifications == null || notifications.length == 0);
                latencies.add((System.nanoTime() - start) / 1e6);
                Thread.sleep(5);
            }
        }
        return latencies;
    }
}
