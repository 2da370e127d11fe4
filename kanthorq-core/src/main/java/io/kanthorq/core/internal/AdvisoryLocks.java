package io.kanthorq.core.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The engine's advisory locks, in the lock order of the README: the registration lock first, then the
 * retention locks.
 *
 * <p>The registration lock serializes registrations and consumer removal across instances (a
 * transaction-scoped lock). Retention: one session lock lets a single instance run a retention pass at a
 * time; a transaction-scoped lock per stream orders each batch of event deletions against replays,
 * the one operation that turns a Completed task (whose event retention may delete) back into a task
 * to run: a replay batch holds the stream's lock shared, a deletion batch exclusively, so the deletion
 * sees the replayed tasks or the replay sees the deleted events, never neither.
 */
public final class AdvisoryLocks {

    /** Key of the registration lock: "kanthorq" in ASCII. */
    public static final long REGISTRATION = 0x6b616e74686f7271L;

    /** Key of the retention pass lock: "kqretent" in ASCII. */
    public static final long RETENTION_PASS = 0x6b71726574656e74L;

    private static final String STREAM_KEY = "hashtextextended('kanthorq_retention:' || ?, 0)";

    private AdvisoryLocks() {}

    /** Takes the registration lock for the rest of the transaction (waits; bound it with lock_timeout). */
    public static void lockRegistration(Connection connection) throws SQLException {
        Jdbc.queryOne(connection, "SELECT pg_advisory_xact_lock(?)", rs -> null, REGISTRATION);
    }

    /** Takes the pass lock if free (session-scoped: release it with {@link #releaseRetentionPass}). */
    public static boolean tryRetentionPass(Connection connection) throws SQLException {
        return Boolean.TRUE.equals(
                Jdbc.queryOne(connection, "SELECT pg_try_advisory_lock(?)", rs -> rs.getBoolean(1), RETENTION_PASS));
    }

    public static void releaseRetentionPass(Connection connection) throws SQLException {
        Jdbc.queryOne(connection, "SELECT pg_advisory_unlock(?)", rs -> null, RETENTION_PASS);
    }

    /** Locks {@code stream} against replays until the transaction ends (waits for running ones). */
    public static void lockStreamExclusive(Connection connection, String stream) throws SQLException {
        Jdbc.queryOne(connection, "SELECT pg_advisory_xact_lock(" + STREAM_KEY + ")", rs -> null, stream);
    }

    /** Locks {@code stream} against event deletion until the transaction ends. */
    public static void lockStreamShared(Connection connection, String stream) throws SQLException {
        Jdbc.queryOne(connection, "SELECT pg_advisory_xact_lock_shared(" + STREAM_KEY + ")", rs -> null, stream);
    }
}
