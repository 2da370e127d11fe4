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
 *
 * <p>Ordering keys: a lock per ordered consumer orders the mover's decisions against promotions. The
 * mover takes it exclusively at the end of its scan of the stream, before the statement that probes
 * whether each new task waits behind its key's head, and holds it until it commits; whatever finishes a head or queues a task again (outcome
 * writes, lease rescue, cancel, redrive) changes its task rows first and then takes the lock shared,
 * in a statement of its own before the promotion statement. The promotion's snapshot therefore
 * includes every task the mover queued, and the mover's snapshot every head finished before it: a
 * key can never be left with tasks waiting and no head. Shared holders take it last, after their own
 * row locks, so none waits for the lock while holding a row a mover's claim needs. A replay is the
 * exception: it takes the lock shared before inserting, because its inserts can be the very task rows
 * a mover is inserting, and each would wait for the other's.
 */
public final class AdvisoryLocks {

    /** Key of the registration lock: "kanthorq" in ASCII. */
    public static final long REGISTRATION = 0x6b616e74686f7271L;

    private static final String STREAM_KEY = "hashtextextended('kanthorq_retention:' || ?, 0)";

    /** The key of consumer {@code ?}'s ordering lock (an expression over one bound parameter). */
    public static final String KEYS_KEY = "hashtextextended('kanthorq_keys:' || ?, 0)";

    private AdvisoryLocks() {}

    /** Takes {@code consumer}'s ordering lock shared for the rest of the transaction. */
    public static void lockKeysShared(Connection connection, String consumer) throws SQLException {
        Jdbc.queryOne(connection, "SELECT pg_advisory_xact_lock_shared(" + KEYS_KEY + ")", rs -> null, consumer);
    }

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
