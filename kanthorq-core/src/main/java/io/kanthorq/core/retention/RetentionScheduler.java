package io.kanthorq.core.retention;

import io.kanthorq.core.InvalidInputException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Retention} passes as scheduled maintenance: the first after
 * {@code min(interval, 1 minute)}, then {@code interval} after the end of each pass, on one daemon
 * thread. Every instance may run a scheduler; passes are serialized across instances by an advisory
 * lock, so a pass whose lock is taken is skipped. A failing pass is logged and tried again at the next
 * interval. {@link #stop()} ends a running pass between two batches.
 *
 * <pre>{@code
 * RetentionScheduler scheduler = new RetentionScheduler(kanthorq.retention(),
 *         RetentionPolicy.KEEP_EVERYTHING.withCompletedTasks(Duration.ofDays(7))
 *                 .withDiscardedTasks(Duration.ofDays(30)).withEvents(Duration.ofDays(30)),
 *         Duration.ofMinutes(10), report -> { });
 * scheduler.start();
 * }</pre>
 */
public final class RetentionScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RetentionScheduler.class);
    private static final Duration MAX_INITIAL_DELAY = Duration.ofMinutes(1);

    private final Retention retention;
    private final RetentionPolicy policy;
    private final Duration interval;
    private final Consumer<RetentionReport> listener;
    private ScheduledExecutorService executor;
    private volatile boolean running;

    /**
     * @param listener told about every pass that ran or was skipped (e.g. to count removals); may be null
     */
    public RetentionScheduler(
            Retention retention, RetentionPolicy policy, Duration interval, Consumer<RetentionReport> listener) {
        this.retention = Objects.requireNonNull(retention, "retention");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.toMillis() < 1) {
            throw new InvalidInputException("retention interval must be at least 1ms, got " + interval);
        }
        this.listener = listener == null ? report -> {} : listener;
    }

    /** Starts the schedule (once). */
    public synchronized void start() {
        if (executor != null) {
            throw new IllegalStateException("the retention scheduler was already started");
        }
        running = true;
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kanthorq-retention");
            thread.setDaemon(true);
            return thread;
        });
        long initialDelay = Math.min(interval.toMillis(), MAX_INITIAL_DELAY.toMillis());
        executor.scheduleWithFixedDelay(this::pass, initialDelay, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the schedule runs. */
    public boolean isRunning() {
        return running;
    }

    /** Stops the schedule; a running pass ends after its current batch (waits up to 30 s). */
    public synchronized void stop() {
        running = false;
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private void pass() {
        if (!running) {
            return;
        }
        RetentionReport report;
        try {
            report = retention.run(policy, () -> running);
        } catch (RuntimeException e) {
            log.warn("kanthorq: retention pass failed, trying again in {}: {}", interval, e.getMessage());
            return;
        }
        try {
            listener.accept(report);
        } catch (RuntimeException e) {
            log.warn("kanthorq: retention listener failed", e);
        }
    }
}
