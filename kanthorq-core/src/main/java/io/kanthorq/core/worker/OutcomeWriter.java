package io.kanthorq.core.worker;

import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.TaskContext;
import io.kanthorq.core.TaskListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the outcomes of one worker's finished handlers in batches, on a thread of its own. The
 * worker's loop meanwhile moves and claims the next tasks, so acknowledging one batch and starting
 * the next run on two connections at once instead of one after the other. A batch's completions and
 * failures commit together; when writing fails nothing is lost: the batch is kept and written again
 * with backoff (until the worker stops, after which its tasks come back when their leases expire).
 */
final class OutcomeWriter {

    /** A finished handler's result: {@code failure} is null when the task completed. */
    record Outcome(ClaimedTask task, TaskFinisher.Failure failure, Throwable error, long tookNanos) {}

    private static final Logger log = LoggerFactory.getLogger(OutcomeWriter.class);
    private static final Logger outcomeLog = LoggerFactory.getLogger(Kanthorq.OUTCOME_LOGGER);

    /** Longest a lone outcome waits for others to share its commit. */
    private static final long LINGER_MS = 10;

    private static final long IDLE_WAIT_MS = 1000;
    private static final long MAX_BACKOFF_MS = 30_000;
    /** Attempts to write what is left once the worker stopped. */
    private static final int FINAL_ATTEMPTS = 3;

    private final String consumer;
    private final TaskFinisher finisher;
    private final TaskListener listener;
    private final OutcomeCounts counts;
    private final Runnable retriesScheduled;
    private final int maxBatch;
    private final IntSupplier threshold;
    private final KeyLanes lanes;
    private final Queue<Outcome> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Wakeup wakeup = new Wakeup();
    private volatile boolean stopping;
    private Thread thread;

    /**
     * @param retriesScheduled called after failures were written as Retryable, so that the worker's loop
     *                         learns of their schedule (it sleeps until the next one is due), and after
     *                         tasks waiting behind their ordering key became ready
     * @param maxBatch         most outcomes per statement
     * @param threshold        outcomes waiting that are written at once, without lingering (follows the
     *                         worker's capacity)
     * @param lanes            the worker's key lanes: which completed tasks have a successor in their lane
     *                         (their key needs no promotion yet), and which lanes end once written
     */
    OutcomeWriter(
            String consumer,
            TaskFinisher finisher,
            TaskListener listener,
            OutcomeCounts counts,
            Runnable retriesScheduled,
            int maxBatch,
            IntSupplier threshold,
            KeyLanes lanes) {
        this.consumer = consumer;
        this.finisher = finisher;
        this.listener = listener;
        this.counts = counts;
        this.retriesScheduled = retriesScheduled;
        this.maxBatch = maxBatch;
        this.threshold = threshold;
        this.lanes = lanes;
    }

    synchronized void start() {
        thread = new Thread(this::run, "kanthorq-outcomes-" + consumer);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues an outcome; called by handler threads. */
    void add(Outcome outcome) {
        queue.add(outcome);
        int waiting = pending.incrementAndGet();
        if (waiting == 1 || waiting == threshold.getAsInt()) {
            signal();
        }
    }

    /**
     * Writes what is queued and ends the thread; waits up to {@code timeout} for it. Outcomes added
     * later are not written.
     */
    void stop(Duration timeout) {
        stopping = true;
        signal();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            try {
                t.join(Math.max(1, timeout.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        int failures = 0;
        while (true) {
            if (pending.get() == 0) {
                if (stopping) {
                    return;
                }
                await(IDLE_WAIT_MS);
                continue;
            }
            if (pending.get() < threshold.getAsInt() && !stopping) {
                await(LINGER_MS); // let a few more handlers finish: one commit for all of them
            }
            try {
                writeBatch();
                if (failures > 0) {
                    log.info(
                            "kanthorq: outcomes of consumer {} written again after {} failed attempts",
                            consumer,
                            failures);
                }
                failures = 0;
            } catch (RuntimeException e) {
                failures++;
                if (stopping && failures >= FINAL_ATTEMPTS) {
                    log.warn(
                            "kanthorq: consumer {}: {} outcome(s) could not be written before stopping ({}); their"
                                    + " tasks run again after their leases expire",
                            consumer,
                            pending.get(),
                            e.getMessage());
                    return;
                }
                if (failures == 1) {
                    log.error(
                            "kanthorq: writing outcomes of consumer {} failed, retrying with backoff: {}",
                            consumer,
                            e.getMessage(),
                            e);
                }
                await(stopping ? 100 : Math.min(MAX_BACKOFF_MS, 100L << Math.min(failures - 1, 9)));
            }
        }
    }

    private void writeBatch() {
        List<Outcome> batch = new ArrayList<>();
        for (Outcome o; batch.size() < maxBatch && (o = queue.poll()) != null; ) {
            batch.add(o);
        }
        List<ClaimedTask> completed = new ArrayList<>();
        List<TaskFinisher.Failure> failed = new ArrayList<>();
        for (Outcome o : batch) {
            if (o.failure() == null) {
                completed.add(o.task());
            } else {
                failed.add(o.failure());
            }
        }
        Set<String> discarded = new HashSet<>();
        List<String> promoted = new ArrayList<>();
        Set<String> written;
        try {
            written = finisher.write(consumer, completed, failed, discarded, promoted, lanes.continuing(completed));
        } catch (RuntimeException e) {
            queue.addAll(batch); // nothing was written: the next attempt takes them again
            throw e;
        }
        pending.addAndGet(-batch.size());
        lanes.written(completed);
        if (report(consumer, listener, counts, batch, written, discarded) || !promoted.isEmpty()) {
            retriesScheduled.run();
        }
    }

    /**
     * Logs the outcomes of {@code batch}, tells {@code listener} what was written ({@code written}, of
     * which {@code discarded} were Discarded) and adds them to {@code counts}; returns whether any task
     * became Retryable.
     */
    static boolean report(
            String consumer,
            TaskListener listener,
            OutcomeCounts counts,
            List<Outcome> batch,
            Set<String> written,
            Set<String> discarded) {
        boolean retries = false;
        long completed = 0;
        long retried = 0;
        for (Outcome o : batch) {
            TaskContext context = o.task().context();
            Duration took = Duration.ofNanos(o.tookNanos());
            if (!written.contains(context.event().id())) {
                outcomeLog.warn(
                        "kanthorq: outcome of task {} of consumer {} (attempt {}) rejected: the task is no longer"
                                + " this worker's (lease expired, rescued or redriven)",
                        context.event().id(),
                        consumer,
                        context.attempt());
                notifyListener(() -> listener.fenced(context));
            } else if (o.failure() == null) {
                outcomeLog.debug(
                        "kanthorq: task {} of consumer {} completed",
                        context.event().id(),
                        consumer);
                completed++;
                notifyListener(() -> listener.completed(context, took));
            } else {
                boolean dead = discarded.contains(context.event().id());
                if (dead) {
                    outcomeLog.warn(
                            "kanthorq: task {} of consumer {} discarded after attempt {}: {}{}",
                            context.event().id(),
                            consumer,
                            context.attempt(),
                            o.failure().message(),
                            trace(context));
                } else {
                    retries = true;
                    retried++;
                    outcomeLog.info(
                            "kanthorq: task {} of consumer {} failed attempt {}, will retry: {}{}",
                            context.event().id(),
                            consumer,
                            context.attempt(),
                            o.failure().message(),
                            trace(context));
                }
                Throwable error = o.error();
                notifyListener(() -> listener.failed(context, error, dead, took));
            }
        }
        counts.add(consumer, completed, retried, discarded.size());
        return retries;
    }

    // outcomes are logged on the writer's thread, outside the attempt's trace scope: name the trace
    private static String trace(TaskContext context) {
        String traceId = context.event().traceId();
        return traceId == null ? "" : " (trace " + traceId + ")";
    }

    private static void notifyListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("kanthorq: task listener failed", e);
        }
    }

    private void signal() {
        wakeup.signal();
    }

    private void await(long millis) {
        if (!wakeup.await(millis)) {
            stopping = true;
        }
    }
}
