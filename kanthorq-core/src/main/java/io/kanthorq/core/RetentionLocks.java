package io.kanthorq.core;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The advisory locks of retention. One session lock lets a single instance run a retention pass at a
 * time; a transaction-scoped lock per stream orders each batch of event deletions against replays,
 * the one operation that turns a Completed task (whose event retention may delete) back into a task
 * to run: a replay batch holds the stream's lock shared, a deletion batch exclusively, so the deletion
 * sees the replayed tasks or the replay sees the deleted events, never neither.
 */
final class RetentionLocks {

    /** Key of the pass lock: "kqretent" in ASCII. */
    static final long PASS = 0x6b71726574656e74L;

    private static final String STREAM_KEY = "hashtextextended('kanthorq_retention:' || ?, 0)";

    private RetentionLocks() {
    }

    /** Takes the pass lock if free (session-scoped: release it with {@link #releasePass}). */
    static boolean tryPass(Connection connection) throws SQLException {
        return Boolean.TRUE.equals(Jdbc.queryOne(connection, "SELECT pg_try_advisory_lock(?)", rs -> rs.getBoolean(1),
                PASS));
    }

    static void releasePass(Connection connection) throws SQLException {
        Jdbc.queryOne(connection, "SELECT pg_advisory_unlock(?)", rs -> null, PASS);
    }

    /** Locks {@code stream} against replays until the transaction ends (waits for running ones). */
    static void lockStreamExclusive(Connection connection, String stream) throws SQLException {
        Jdbc.queryOne(connection, "SELECT pg_advisory_xact_lock(" + STREAM_KEY + ")", rs -> null, stream);
    }

    /** Locks {@code stream} against event deletion until the transaction ends. */
    static void lockStreamShared(Connection connection, String stream) throws SQLException {
        Jdbc.queryOne(connection, "SELECT pg_advisory_xact_lock_shared(" + STREAM_KEY + ")", rs -> null, stream);
    }
}
