package io.kanthorq.core;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one consumer in this instance: a loop that moves stream events into tasks, claims up to its
 * free capacity and hands tasks to at most {@code concurrency} handler threads
 * ({@link HandlerRunners}), whose outcomes an {@link OutcomeWriter} writes in batches on a thread of
 * its own (so acknowledging and claiming proceed in parallel). No connection is held while a handler
 * runs; long handlers get their lease extended every third of the visibility timeout. The loop sleeps until a notification, enough free
 * handlers, the next scheduled task or the poll interval, whichever comes first.
 */
public final class Worker {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private static final int QUEUED = 0;
    private static final int STARTED = 1;
    private static final int RELEASED = 2;
    private static final int RESCUE_BATCH = 1000;
    private static final long MIN_SLEEP_MS = 5;
    /** First wait before moving again after another instance held the consumer's mover lock. */
    private static final long BUSY_RETRY_MS = 2;
    /** Longest a saturated loop waits for enough handlers to finish before it claims again. */
    private static final long SATURATED_WAIT_MS = 20;
    private static final long MAX_ERROR_BACKOFF_MS = 30_000;
    private static final int STACK_FRAMES = 12;
    private static final int MAX_TEXT = 4000;

    /** A claimed task owned by this worker until its outcome is written. */
    private static final class InFlight {
        final ClaimedTask task;
        final AtomicInteger phase = new AtomicInteger(QUEUED);
        volatile long leaseRenewedNanos = System.nanoTime();
        volatile boolean finished;
        volatile boolean abandoned;

        InFlight(ClaimedTask task) {
            this.task = task;
        }
    }

    private static final TaskCycle.Result EMPTY_TURN = new TaskCycle.Result(StreamMover.Result.IDLE, List.of());

    private final String consumer;
    private final String stream;
    private final TaskHandler handler;
    private final WorkerOptions options;
    private final StreamMover mover;
    private final TaskClaimer claimer;
    private final TaskFinisher finisher;
    private final LeaseRescuer rescuer;
    private final NotificationListener notifications;
    private final ThreadPoolExecutor handlers;
    private final HandlerRunners runners;
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final OutcomeWriter outcomes;
    private final Wakeup wakeup = new Wakeup();
    private final Runnable notified = this::onNotification;
    private volatile boolean moveRequested = true;
    private volatile boolean saturated;
    /** A turn moved without claiming ready tasks first: the next turn claims them (loop thread only). */
    private boolean readyClaimOwed;
    private volatile boolean draining;
    private final int refillThreshold;
    private final TaskCycle cycle;
    private volatile boolean active;
    private Thread loop;

    Worker(String consumer, String stream, TaskHandler handler, WorkerOptions options, TaskListener listener,
           StreamMover mover, TaskClaimer claimer, TaskFinisher finisher, LeaseRescuer rescuer, TaskCycle cycle,
           NotificationListener notifications) {
        this.consumer = consumer;
        this.stream = stream;
        this.handler = handler;
        this.options = options;
        this.mover = mover;
        this.claimer = claimer;
        this.finisher = finisher;
        this.rescuer = rescuer;
        this.notifications = notifications;
        ThreadFactory threads = options.handlerThreadFactory() != null ? options.handlerThreadFactory()
                : namedThreads("kanthorq-" + consumer + "-");
        // HandlerRunners keeps at most `concurrency` runners, so the pool's queue stays short.
        this.handlers = new ThreadPoolExecutor(options.concurrency(), options.concurrency(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads);
        this.handlers.allowCoreThreadTimeOut(true);
        this.runners = new HandlerRunners(handlers, options.concurrency());
        this.refillThreshold = Math.max(1, Math.min(options.batchSize(), options.capacity()) / 2);
        this.cycle = cycle;
        this.outcomes = new OutcomeWriter(consumer, finisher, listener == null ? TaskListener.NONE : listener,
                this::signal, options.batchSize(), refillThreshold);
    }

    /** The consumer this worker runs. */
    public String consumer() {
        return consumer;
    }

    /** Whether the loop runs. */
    public boolean isRunning() {
        return active;
    }

    /** Handlers running (or claimed and about to run) right now. */
    public int inFlight() {
        return inFlight.size();
    }

    synchronized void start() {
        if (loop != null) {
            throw new IllegalStateException("worker of consumer '" + consumer + "' was already started");
        }
        active = true;
        outcomes.start();
        notifications.subscribe(stream, notified);
        loop = new Thread(this::run, "kanthorq-worker-" + consumer);
        loop.start();
        log.debug("kanthorq: worker of consumer {} started (concurrency {})", consumer, options.concurrency());
    }

    /**
     * Stops claiming, releases tasks claimed but not started, waits up to the shutdown timeout for
     * running handlers and writes their outcomes. Handlers still running then are interrupted and
     * their tasks come back after their lease expires.
     */
    public void stop() {
        Thread t;
        synchronized (this) {
            t = loop;
            if (t == null || !active) {
                return;
            }
            active = false;
        }
        notifications.unsubscribe(stream, notified);
        signal();
        try {
            t.join(options.shutdownTimeout().toMillis() + 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onNotification() {
        moveRequested = true;
        signal();
    }

    private void signal() {
        wakeup.signal();
    }

    private void await(long millis) {
        if (!wakeup.await(millis)) {
            active = false;
        }
    }

    private void run() {
        long pollMs = options.pollInterval().toMillis();
        long lastMove = 0;
        long nextRescue = 0;
        int failures = 0;
        int busyStreak = 0;
        while (active) {
            try {
                extendLeases();
                long now = System.nanoTime();
                if (now - nextRescue >= 0) {
                    rescue();
                    nextRescue = now + TimeUnit.MILLISECONDS.toNanos(pollMs);
                }
                // Moves happen on demand, for free capacity only: notified or continuing a window, move
                // at once; on a poll, probe first so that an idle loop only reads.
                int want = Math.max(0, Math.min(options.capacity() - inFlight.size(), options.batchSize()));
                boolean pollDue = now - lastMove >= TimeUnit.MILLISECONDS.toNanos(pollMs);
                boolean move = want > 0 && (moveRequested || (pollDue && mover.pending(consumer)));
                if (want > 0 && (moveRequested || pollDue)) {
                    moveRequested = false;
                    lastMove = now;
                }
                // A loop woken to move with room to spare starts the new events first, off whose path ready
                // tasks (retries, redriven ones) are claimed: at once if the schedule read before sleeping
                // says some are due, else when they come due. Any other turn, and always the one after
                // such a move, claims ready tasks first, so they cannot starve.
                boolean readyFirst = !move || saturated || pollDue || readyClaimOwed;
                readyClaimOwed = !readyFirst;
                TaskCycle.Result turn = turn(move ? options.batchSize() : 0, want, readyFirst);
                boolean moreToMove = turn.moved().more();
                // Another instance holds (or just released) the mover lock: it moves for its own free
                // capacity only, so what it leaves is this loop's to move once the lock is free.
                busyStreak = turn.moved().busy() ? busyStreak + 1 : 0;
                if (moreToMove || busyStreak > 0) {
                    moveRequested = true;
                }
                int claimed = turn.claimed().size();
                if (failures > 0) {
                    log.info("kanthorq: worker of consumer {} recovered after {} failed attempts", consumer, failures);
                    failures = 0;
                }
                // Saturated: ready tasks remain, so wait for enough free slots to claim a worthwhile
                // batch (one commit for many tasks) instead of one turn per finished handler.
                saturated = claimed >= want;
                long rescueIn = TimeUnit.NANOSECONDS.toMillis(nextRescue - System.nanoTime());
                if (moreToMove && inFlight.size() < options.capacity()) {
                    continue;
                }
                if (saturated) {
                    if (options.capacity() - inFlight.size() >= refillThreshold) {
                        continue;
                    }
                    await(Math.max(1, Math.min(Math.min(SATURATED_WAIT_MS, rescueIn), untilLeaseExtension())));
                } else if (busyStreak > 0) {
                    // backing off, so that a lock held for long (a stuck session) is not hammered
                    await(Math.min(pollMs, BUSY_RETRY_MS << Math.min(busyStreak - 1, 10)));
                } else {
                    long sleep = untilNextDue(pollMs);
                    await(Math.max(sleep <= 0 ? 0 : MIN_SLEEP_MS,
                            Math.min(Math.min(sleep, rescueIn), untilLeaseExtension())));
                }
            } catch (RuntimeException e) {
                failures++;
                moveRequested = true; // whatever this turn was to move is still to be moved
                if (failures == 1) {
                    log.error("kanthorq: worker of consumer {} failed, retrying with backoff: {}", consumer,
                            e.getMessage(), e);
                } else {
                    log.debug("kanthorq: worker of consumer {} still failing (attempt {})", consumer, failures, e);
                }
                await(Math.min(MAX_ERROR_BACKOFF_MS, pollMs << Math.min(failures - 1, 5)));
            }
        }
        drain();
    }

    /** Claims ready tasks (unless not {@code readyFirst}) and moves new events, up to {@code want} tasks. */
    private TaskCycle.Result turn(int moveBatch, int want, boolean readyFirst) {
        if (want == 0 || !active) {
            return EMPTY_TURN;
        }
        TaskCycle.Result result = cycle.run(consumer, stream, moveBatch, want, readyFirst);
        dispatch(result.claimed());
        return result;
    }

    private long untilNextDue(long pollMs) {
        TaskClaimer.NextDue due = claimer.nextDue(consumer);
        long sleep = pollMs;
        if (due.readyAt() != null) {
            sleep = Math.min(sleep, due.readyAt() - due.now());
        }
        if (due.leaseExpiresAt() != null) {
            sleep = Math.min(sleep, due.leaseExpiresAt() - due.now() + 1);
        }
        return sleep;
    }

    private void dispatch(List<ClaimedTask> tasks) {
        List<InFlight> queued = new ArrayList<>(tasks.size());
        for (ClaimedTask task : tasks) {
            if (task.eventMissing()) {
                DiscardException missing = new DiscardException("event " + task.eventId()
                        + " is no longer in stream '" + stream + "'");
                outcomes.add(new OutcomeWriter.Outcome(task, failure(task, true, null, missing), missing, 0));
                continue;
            }
            InFlight f = new InFlight(task);
            inFlight.put(task.eventId(), f);
            queued.add(f);
        }
        try {
            runners.submit(queued.stream().<Runnable>map(f -> () -> handle(f)).toList());
        } catch (RejectedExecutionException e) {
            finisher.release(consumer, takeUnstarted(queued));
        }
    }

    /** Takes back the tasks of {@code candidates} that no handler started (they will not start now). */
    private List<ClaimedTask> takeUnstarted(Collection<InFlight> candidates) {
        List<ClaimedTask> unstarted = new ArrayList<>();
        for (InFlight f : candidates) {
            if (f.phase.compareAndSet(QUEUED, RELEASED)) {
                inFlight.remove(f.task.eventId());
                unstarted.add(f.task);
            }
        }
        return unstarted;
    }

    private void handle(InFlight f) {
        if (!f.phase.compareAndSet(QUEUED, STARTED)) {
            return;
        }
        long started = System.nanoTime();
        TaskFinisher.Failure failure = null;
        Throwable error = null;
        try {
            handler.handle(f.task.context());
        } catch (RetryLaterException e) {
            error = e;
            failure = failure(f.task, false, e.delay().toMillis(), e);
        } catch (DiscardException e) {
            error = e;
            failure = failure(f.task, true, null, e);
        } catch (Throwable e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            error = e;
            failure = failure(f.task, false, null, e);
        } finally {
            f.finished = true;
            if (!f.abandoned) {
                outcomes.add(new OutcomeWriter.Outcome(f.task, failure, error, System.nanoTime() - started));
            }
            inFlight.remove(f.task.eventId());
            // Wake the loop when the free slot is worth a turn: while draining, or when ready tasks
            // remain (saturated) and enough slots are free to claim a worthwhile batch.
            if (draining || (saturated && options.capacity() - inFlight.size() >= refillThreshold)) {
                signal();
            }
        }
    }

    /** Renews the leases of running handlers every third of the visibility timeout. */
    private void extendLeases() {
        long now = System.nanoTime();
        List<InFlight> due = new ArrayList<>();
        for (InFlight f : inFlight.values()) {
            long third = TimeUnit.MILLISECONDS.toNanos(f.task.visibilityTimeoutMs()) / 3;
            if (!f.finished && now - f.leaseRenewedNanos >= third) {
                due.add(f);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        Set<String> extended = finisher.extend(consumer, due.stream().map(f -> f.task).toList());
        for (InFlight f : due) {
            if (extended.contains(f.task.eventId())) {
                f.leaseRenewedNanos = now;
            } else if (!f.finished) {
                log.warn("kanthorq: lease of task {} of consumer {} could not be extended: it is no longer this"
                        + " worker's; its outcome will be rejected", f.task.eventId(), consumer);
                f.leaseRenewedNanos = now;
            }
        }
    }

    private long untilLeaseExtension() {
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        for (InFlight f : inFlight.values()) {
            if (f.finished) {
                continue;
            }
            long third = TimeUnit.MILLISECONDS.toNanos(f.task.visibilityTimeoutMs()) / 3;
            next = Math.min(next, TimeUnit.NANOSECONDS.toMillis(f.leaseRenewedNanos + third - now));
        }
        return next;
    }

    private void rescue() {
        LeaseRescuer.Rescued rescued = rescuer.rescue(consumer, RESCUE_BATCH);
        if (rescued.total() > 0) {
            log.warn("kanthorq: consumer {}: {} task(s) with expired leases rescued ({} retryable, {} discarded)",
                    consumer, rescued.total(), rescued.retryable().size(), rescued.discarded().size());
        }
    }

    private void drain() {
        draining = true; // every finished handler must wake the drain
        long deadline = System.nanoTime() + options.shutdownTimeout().toNanos();
        List<ClaimedTask> unstarted = takeUnstarted(inFlight.values());
        attempt("release unstarted tasks", () -> finisher.release(consumer, unstarted));
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            attempt("extend leases", this::extendLeases);
            await(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
        }
        if (!inFlight.isEmpty()) {
            log.warn("kanthorq: consumer {}: {} handler(s) still running after the shutdown timeout of {}; interrupted,"
                    + " their tasks run again after their lease expires", consumer, inFlight.size(),
                    options.shutdownTimeout());
            inFlight.values().forEach(f -> f.abandoned = true);
            handlers.shutdownNow();
        } else {
            handlers.shutdown();
        }
        // what the handlers finished is written before stop() returns
        outcomes.stop(Duration.ofSeconds(10));
        log.debug("kanthorq: worker of consumer {} stopped", consumer);
    }

    private void attempt(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("kanthorq: consumer {}: could not {} during shutdown: {}", consumer, what, e.getMessage());
        }
    }

    private static TaskFinisher.Failure failure(ClaimedTask task, boolean discard, Long delayMs, Throwable error) {
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        return new TaskFinisher.Failure(task, discard, delayMs, truncate(message), error.getClass().getName(),
                shortStack(error));
    }

    private static String shortStack(Throwable error) {
        StringWriter out = new StringWriter();
        PrintWriter writer = new PrintWriter(out);
        writer.println(error);
        StackTraceElement[] frames = error.getStackTrace();
        for (int i = 0; i < Math.min(STACK_FRAMES, frames.length); i++) {
            writer.println("\tat " + frames[i]);
        }
        if (frames.length > STACK_FRAMES) {
            writer.println("\t... " + (frames.length - STACK_FRAMES) + " more");
        }
        Throwable cause = error.getCause();
        if (cause != null && cause != error) {
            writer.println("Caused by: " + cause);
        }
        writer.flush();
        return truncate(out.toString());
    }

    private static String truncate(String text) {
        // PostgreSQL text cannot hold NUL characters
        String clean = text.replace('\0', ' ');
        return clean.length() <= MAX_TEXT ? clean : clean.substring(0, MAX_TEXT) + "…";
    }

    private static ThreadFactory namedThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(false);
            return thread;
        };
    }
}
