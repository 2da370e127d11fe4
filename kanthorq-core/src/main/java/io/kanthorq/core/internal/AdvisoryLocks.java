package io.kanthorq.core.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The engine's advisory locks, in the lock order of the README: the registration lock first, then the
 * retention locks. All are transaction-scoped (no session state, so they work through a
 * transaction-pooling PgBouncer); which instance runs a retention pass is a {@link MaintenanceLease}.
 *
 * <p>The registration lock serializes registrations and consumer removal across instances. Retention:
 * a lock per stream orders each batch of event deletions against replays,
 * the one operation that turns a Completed task (whose event retention may delete) back into a task
 * to run: a replay batch holds the stream's lock shared, a deletion batch exclusively, so the deletion
 * sees the replayed tasks or the replay sees the deleted events, never neither.
 */
public final class AdvisoryLocks {

    /** Key of the registration lock: "kanthorq" in ASCII. */
    public static final long REGISTRATION = 0x6b616e74686f7271L;

    private static final String STREAM_KEY = "hashtextextended('kanthorq_retention:' || ?, 0)";

    private AdvisoryLocks() {}

    /** Takes the registration lock for the rest of the transaction (waits; bound it with lock_timeout). */
    public static void lockRegistration(Connection connection) throws SQLException {
        Jdbc.queryOne(connection, "SELECT pg_advisory_xact_lock(?)", rs -> null, REGISTRATION);
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
