package io.kanthorq.core.internal;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

/**
 * Elects one instance of a cluster for a piece of maintenance (a retention pass, a table's layout
 * upgrade) with a row of {@code kanthorq_maintenance_lease}: a holder takes the row when it is free or
 * expired, renews it while it works and deletes it when done. Unlike a session advisory lock, a lease
 * needs no session state (it works through a transaction-pooling PgBouncer) and does not vanish with a
 * broken connection while the work goes on; a holder that dies loses it after {@code ttl}. Each
 * statement is one short auto-commit transaction on a row of its own, so it takes part in no lock order.
 *
 * <p>A lease is fencing by time only: work must renew well within {@code ttl} and stop when a renewal
 * fails ({@link #renewIfDue}), since another instance may then take over.
 */
public final class MaintenanceLease {

    private static final String TAKE = Sql.format("""
            INSERT INTO kanthorq_maintenance_lease AS l (name, holder, acquired_at, expires_at)
            VALUES (?, ?, {now}, {now} + ?)
            ON CONFLICT (name) DO UPDATE
                SET holder = excluded.holder,
                    acquired_at = CASE WHEN l.holder = excluded.holder THEN l.acquired_at ELSE excluded.acquired_at END,
                    expires_at = excluded.expires_at
                WHERE l.holder = excluded.holder OR l.expires_at < {now}
            RETURNING holder
            """);

    private static final String RELEASE = "DELETE FROM kanthorq_maintenance_lease WHERE name = ? AND holder = ?";

    private static final String PROCESS = ManagementFactory.getRuntimeMXBean().getName();

    private final String name;
    private final String holder;
    private final long ttlMs;
    /** A third of the lease's time: when it is renewed. */
    private final long renewAfterNanos;

    private long renewedAt;
    private boolean held;

    /** A lease on {@code name} for {@code ttl}, held by a holder of its own (this process and a random id). */
    public MaintenanceLease(String name, Duration ttl) {
        this.name = name;
        this.holder = PROCESS + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.ttlMs = ttl.toMillis();
        this.renewAfterNanos = ttl.toNanos() / 3;
    }

    /** Who holds this lease when it is held: the process ({@code pid@host}) and a random id. */
    public String holder() {
        return holder;
    }

    /** Takes the lease if it is free, expired or already ours; false when another holder has it. */
    public boolean tryAcquire(Connection connection) throws SQLException {
        held = Jdbc.queryOne(connection, TAKE, rs -> rs.getString(1), name, holder, ttlMs) != null;
        if (held) {
            renewedAt = System.nanoTime();
        }
        return held;
    }

    /**
     * Renews the lease once a third of its time has passed; false when it is lost (expired and taken by
     * another holder): the work must stop.
     */
    public boolean renewIfDue(Connection connection) throws SQLException {
        if (!held) {
            return false;
        }
        if (System.nanoTime() - renewedAt < renewAfterNanos) {
            return true;
        }
        return tryAcquire(connection);
    }

    /** Gives the lease up (nothing when it was lost meanwhile). */
    public void release(Connection connection) throws SQLException {
        if (held) {
            held = false;
            Jdbc.update(connection, RELEASE, name, holder);
        }
    }
}
