package io.kanthorq.core.schedule;

import io.kanthorq.core.Event;
import io.kanthorq.core.EventPublisher;
import io.kanthorq.core.NewEvent;
import io.kanthorq.core.PublishOptions;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.Sql;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes recurring events: one event per tick of each schedule, exactly once across every instance
 * that runs it. Each instance wakes at each tick (by the database clock) and tries to move the
 * schedule's {@code last_tick_at} forward to it; the row lock lets one instance win, and it publishes
 * the tick's event in that transaction, with {@code kanthorq.schedule:<name>:<tick epoch ms>} as
 * idempotency key. The events carry the metadata {@code kanthorq.schedule} and {@code kanthorq.tick}.
 *
 * <p>No catch-up storm: after a time in which no instance ran the schedule, only the latest tick that
 * is due is published (one catch-up event); the ticks before it are skipped. A new schedule starts
 * with the first tick after its registration.
 */
public final class RecurringPublisher implements AutoCloseable {

    /** Metadata key of the schedule's name. */
    public static final String SCHEDULE_METADATA = "kanthorq.schedule";

    /** Metadata key of the tick, an ISO-8601 instant. */
    public static final String TICK_METADATA = "kanthorq.tick";

    private static final Logger log = LoggerFactory.getLogger(RecurringPublisher.class);

    /** Look-back windows for the latest due tick, shortest first (see {@link #latestDue}). */
    private static final List<Duration> WINDOWS = List.of(
            Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(32), Duration.ofDays(400));

    private static final int MAX_STEPS = 100_000;
    private static final long MAX_SLEEP_MS = 60_000;
    private static final long MAX_BACKOFF_MS = 30_000;
    /** Woken a little after the tick, so the database clock has certainly reached it. */
    private static final long AFTER_TICK_MS = 5;

    // Written only when something changed: an unchanged schedule's start writes nothing.
    private static final String REGISTER = Sql.format("""
            INSERT INTO kanthorq_schedule_registry AS s (name, stream_name, subject, trigger, created_at, updated_at)
            VALUES (?, ?, ?, ?, {now}, {now})
            ON CONFLICT (name) DO UPDATE
            SET stream_name = excluded.stream_name, subject = excluded.subject, trigger = excluded.trigger,
                updated_at = {now}
            WHERE (s.stream_name, s.subject, s.trigger)
                  IS DISTINCT FROM (excluded.stream_name, excluded.subject, excluded.trigger)
            """);

    private static final String STATE = Sql.format("""
            SELECT coalesce(last_tick_at, created_at), {now} FROM kanthorq_schedule_registry WHERE name = ?
            """);

    // The row lock decides: an instance that waited for the winner sees last_tick_at moved and updates nothing.
    private static final String ADVANCE = Sql.format("""
            UPDATE kanthorq_schedule_registry SET last_tick_at = ?, next_tick_at = ?, updated_at = {now}
            WHERE name = ? AND (last_tick_at IS NULL OR last_tick_at < ?)
            """);

    private static final String RECORD_EVENT = "UPDATE kanthorq_schedule_registry SET last_event_id = ? WHERE name = ?";

    private final Jdbc jdbc;
    private final EventPublisher publisher;
    private final List<ScheduleDefinition> schedules;
    private final ScheduledExecutorService executor;
    private volatile boolean closed;

    /**
     * Registers {@code schedules} (their streams must be registered) and starts publishing their ticks
     * on one daemon thread.
     */
    public RecurringPublisher(Jdbc jdbc, EventPublisher publisher, List<ScheduleDefinition> schedules) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.schedules = List.copyOf(schedules);
        for (ScheduleDefinition schedule : this.schedules) {
            jdbc.detachedStatement(
                    "register schedule '" + schedule.name() + "'",
                    connection -> Jdbc.update(
                            connection,
                            REGISTER,
                            schedule.name(),
                            schedule.stream(),
                            schedule.subject(),
                            schedule.trigger().description()));
        }
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "kanthorq-schedules");
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
        this.schedules.forEach(schedule -> executor.execute(() -> run(schedule, 0)));
    }

    /** The schedules this publisher runs. */
    public List<ScheduleDefinition> schedules() {
        return schedules;
    }

    private void run(ScheduleDefinition schedule, int failures) {
        if (closed) {
            return;
        }
        long sleepMs;
        int failed = 0;
        try {
            sleepMs = tick(schedule);
            if (failures > 0) {
                log.info("kanthorq: schedule {} publishes again after {} failed attempts", schedule.name(), failures);
            }
        } catch (RuntimeException e) {
            if (closed) {
                return;
            }
            failed = failures + 1;
            sleepMs = Math.min(MAX_BACKOFF_MS, 1000L << Math.min(failed - 1, 5));
            if (failed == 1) {
                log.error(
                        "kanthorq: schedule {} could not publish, retrying in {} ms: {}",
                        schedule.name(),
                        sleepMs,
                        e.getMessage(),
                        e);
            }
        }
        int next = failed;
        if (!closed) {
            executor.schedule(() -> run(schedule, next), sleepMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Publishes the schedule's latest due tick if no instance has; returns how long to sleep. */
    private long tick(ScheduleDefinition schedule) {
        long[] state = jdbc.detachedStatement(
                "read schedule '" + schedule.name() + "'",
                connection -> Jdbc.queryOne(
                        connection, STATE, rs -> new long[] {rs.getLong(1), rs.getLong(2)}, schedule.name()));
        if (state == null) {
            throw new IllegalStateException("kanthorq: schedule '" + schedule.name() + "' is not registered");
        }
        Instant bound = Instant.ofEpochMilli(state[0]);
        Instant now = Instant.ofEpochMilli(state[1]);
        Instant due = latestDue(schedule.trigger(), bound, now);
        if (due != null) {
            publish(schedule, due);
        }
        Instant next = schedule.trigger().next(due != null && due.isAfter(now) ? due : now);
        if (next == null) {
            return MAX_SLEEP_MS;
        }
        return Math.max(1, Math.min(MAX_SLEEP_MS, next.toEpochMilli() - now.toEpochMilli() + AFTER_TICK_MS));
    }

    private void publish(ScheduleDefinition schedule, Instant tick) {
        Instant following = schedule.trigger().next(tick);
        jdbc.detached("publish tick " + tick + " of schedule '" + schedule.name() + "'", connection -> {
            int advanced = Jdbc.update(
                    connection,
                    ADVANCE,
                    tick.toEpochMilli(),
                    following == null ? null : following.toEpochMilli(),
                    schedule.name(),
                    tick.toEpochMilli());
            if (advanced == 0) {
                return null; // another instance published this tick
            }
            Event event = publisher.publish(
                    connection,
                    schedule.stream(),
                    new NewEvent(
                            schedule.subject(),
                            body(schedule, tick),
                            Map.of(SCHEDULE_METADATA, schedule.name(), TICK_METADATA, tick.toString())),
                    PublishOptions.DEFAULT.withIdempotencyKey(
                            "kanthorq.schedule:" + schedule.name() + ":" + tick.toEpochMilli()));
            Jdbc.update(connection, RECORD_EVENT, event.id(), schedule.name());
            log.debug("kanthorq: schedule {} published tick {} as event {}", schedule.name(), tick, event.id());
            return event;
        });
    }

    private static byte[] body(ScheduleDefinition schedule, Instant tick) {
        if (schedule.body() != null) {
            return schedule.body();
        }
        // the name is validated ([a-z0-9_]) and the instant ISO-8601: nothing to escape
        return ("{\"schedule\":\"" + schedule.name() + "\",\"tick\":\"" + tick + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The latest tick after {@code bound} and at or before {@code now}, or null. Looks back over growing
     * windows so that a frequent schedule after a long pause is not stepped through tick by tick from
     * its last tick; at most {@value #MAX_STEPS} steps (the next wake-up goes on from there).
     */
    static Instant latestDue(Trigger trigger, Instant bound, Instant now) {
        for (Duration window : WINDOWS) {
            Instant from = now.minus(window);
            if (!from.isAfter(bound)) {
                break;
            }
            Instant latest = latestFrom(trigger, from, now);
            if (latest != null) {
                return latest;
            }
        }
        return latestFrom(trigger, bound, now);
    }

    private static Instant latestFrom(Trigger trigger, Instant from, Instant now) {
        Instant tick = trigger.next(from);
        if (tick == null || tick.isAfter(now)) {
            return null;
        }
        for (int steps = 0; steps < MAX_STEPS; steps++) {
            Instant next = trigger.next(tick);
            if (next == null || next.isAfter(now)) {
                return tick;
            }
            tick = next;
        }
        return tick;
    }

    /** Stops publishing (a tick being published finishes or rolls back). */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }
}
