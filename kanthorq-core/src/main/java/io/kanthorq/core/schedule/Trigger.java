package io.kanthorq.core.schedule;

import io.kanthorq.core.InvalidInputException;
import java.time.Duration;
import java.time.Instant;

/**
 * When a recurring event is due: the ticks of a schedule. Every instance computes the same ticks
 * from the same trigger, so a tick is a point in time that names itself (its event's idempotency
 * key); a trigger must therefore not depend on the machine it runs on (its clock or time zone).
 * The starter adapts Spring's cron expressions; {@link #every(Duration)} is built in.
 */
public interface Trigger {

    /** The first tick strictly after {@code time}, or null when there is none. */
    Instant next(Instant time);

    /** How the ticks are computed, as shown by the management API (e.g. {@code every PT1S}). */
    String description();

    /**
     * A tick every {@code period}, at the multiples of it since the epoch (1970-01-01T00:00:00Z), so
     * every instance has the same ticks. At least one second.
     */
    static Trigger every(Duration period) {
        if (period == null || period.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidInputException("a schedule's period must be at least 1s, got " + period);
        }
        long millis = period.toMillis();
        return new Trigger() {
            @Override
            public Instant next(Instant time) {
                return Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), millis) * millis + millis);
            }

            @Override
            public String description() {
                return "every " + period;
            }
        };
    }
}
