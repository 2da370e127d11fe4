package io.kanthorq.core.worker;

import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.TaskHandler;
import io.kanthorq.core.TaskListener;
import io.kanthorq.core.Worker;
import io.kanthorq.core.WorkerOptions;
import io.kanthorq.core.internal.Observations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * runs. The tasks it holds and their leases are kept by {@link InFlightTasks}; how long the loop
 * waits between turns is {@link LoopPause}'s decision; a loop that holds nothing and found nothing parks
 * with the engine's {@link DueWorkScanner} instead of polling on its own.
 */
public final class WorkerLoop implements Worker {

    private static final Logger log = LoggerFactory.getLogger(WorkerLoop.class);
    private static final Logger outcomeLog = LoggerFactory.getLogger(Kanthorq.OUTCOME_LOGGER);

    private static final int RESCUE_BATCH = 1000;
    private static final long MAX_ERROR_BACKOFF_MS = 30_000;

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
    private final Observations observations;
    private final ThreadPoolExecutor handlers;
    private final HandlerRunners runners;
    private final InFlightTasks inFlight;
    private final OrderedConsumers ordered;
    /** This worker's key lanes, when its consumer is ordered by key. */
    private final KeyLanes lanes = new KeyLanes();

    private final OutcomeWriter outcomes;
    private final Wakeup wakeup = new Wakeup();
    private final Runnable notified = this::onNotification;
    private volatile boolean moveRequested = true;
    private volatile boolean saturated;
    /** A turn moved without claiming ready tasks first: the next turn claims them (loop thread only). */
    private boolean readyClaimOwed;

    private volatile boolean draining;
    private final ClaimAhead claimAhead;
    private final TaskCycle cycle;
    private volatile boolean active;
    private Thread loop;
    private final DueWorkScanner scanner;
    private final Parking parking = new Parking();
    /** What the scanner found when it ended this loop's park (written before the wake-up signal). */
    private volatile boolean wokenToMove;

    private volatile boolean wokenToRescue;

    WorkerLoop(
            String consumer,
            String stream,
            TaskHandler handler,
            WorkerOptions options,
            TaskListener listener,
            WorkerParts parts) {
        this.consumer = consumer;
        this.stream = stream;
        this.handler = handler;
        this.options = options;
        this.mover = parts.mover();
        this.claimer = parts.claimer();
        this.finisher = parts.finisher();
        this.rescuer = parts.rescuer();
        this.notifications = parts.notifications();
        this.observations = parts.observations();
        this.scanner = parts.scanner();
        this.inFlight = new InFlightTasks(consumer, finisher);
        this.ordered = parts.ordered();
        ThreadFactory threads = options.handlerThreadFactory() != null
                ? options.handlerThreadFactory()
                : namedThreads("kanthorq-" + consumer + "-");
        // HandlerRunners keeps at most `concurrency` runners, so the pool's queue stays short.
        this.handlers = new ThreadPoolExecutor(
                options.concurrency(),
                options.concurrency(),
                60,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                threads);
        this.handlers.allowCoreThreadTimeOut(true);
        this.runners = new HandlerRunners(handlers, options.concurrency());
        this.claimAhead = new ClaimAhead(options.concurrency(), options.prefetch(), options.claimAhead());
        this.cycle = parts.cycle();
        this.outcomes = new OutcomeWriter(
                consumer,
                finisher,
                listener == null ? TaskListener.NONE : listener,
                parts.counts(),
                this::signal,
                options.batchSize(),
                this::refillThreshold,
                lanes);
    }

    @Override
    public String consumer() {
        return consumer;
    }

    @Override
    public boolean isRunning() {
        return active;
    }

    @Override
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

    @Override
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
            t.join(options.stopTimeout().toMillis());
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
                inFlight.extendLeases();
                long now = System.nanoTime();
                if (now - nextRescue >= 0) {
                    rescue();
                    nextRescue = now + TimeUnit.MILLISECONDS.toNanos(pollMs);
                }
                // Moves happen on demand, for free capacity only: notified or continuing a window, move
                // at once; on a poll, probe first so that an idle loop only reads.
                int capacity = capacity();
                int want = Math.max(0, Math.min(capacity - inFlight.size(), options.batchSize()));
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
                LoopPause.Turn after = new LoopPause.Turn(
                        moreToMove, saturated, inFlight.size(), capacity, refillThreshold(capacity), busyStreak);
                if (LoopPause.idle(after)) {
                    // nothing held, nothing found: the engine's scanner watches this consumer from here
                    park();
                    long woken = System.nanoTime();
                    lastMove = woken;
                    nextRescue = wokenToRescue ? woken : woken + TimeUnit.MILLISECONDS.toNanos(pollMs);
                    if (wokenToMove) {
                        moveRequested = true;
                    }
                    continue;
                }
                long pause = LoopPause.after(
                        after, pollMs, rescueIn, inFlight.untilLeaseExtension(), () -> untilNextDue(pollMs));
                if (pause != LoopPause.AGAIN) {
                    await(pause);
                }
            } catch (RuntimeException e) {
                failures++;
                moveRequested = true; // whatever this turn was to move is still to be moved
                if (failures == 1) {
                    log.error(
                            "kanthorq: worker of consumer {} failed, retrying with backoff: {}",
                            consumer,
                            e.getMessage(),
                            e);
                } else {
                    log.debug("kanthorq: worker of consumer {} still failing (attempt {})", consumer, failures, e);
                }
                await(Math.min(MAX_ERROR_BACKOFF_MS, pollMs << Math.min(failures - 1, 5)));
            }
        }
        drain();
    }

    private void park() {
        wokenToMove = false;
        wokenToRescue = false;
        scanner.park(parking);
        await(Long.MAX_VALUE);
        scanner.unpark(parking);
    }

    /** This loop as the scanner sees it while parked. */
    private final class Parking implements DueWorkScanner.Parked {
        @Override
        public String consumer() {
            return consumer;
        }

        @Override
        public String stream() {
            return stream;
        }

        @Override
        public long pollMs() {
            return options.pollInterval().toMillis();
        }

        @Override
        public void wake(boolean move, boolean rescue) {
            wokenToMove = move;
            wokenToRescue = rescue;
            signal();
        }
    }

    /** Claims ready tasks (unless not {@code readyFirst}) and moves new events, up to {@code want} tasks. */
    private TaskCycle.Result turn(int moveBatch, int want, boolean readyFirst) {
        if (want == 0 || !active) {
            return EMPTY_TURN;
        }
        boolean byKey = ordered.isOrdered(consumer);
        KeyLanes.Tails tails = byKey ? lanes.tails() : KeyLanes.Tails.NONE;
        TaskCycle.Result result = cycle.run(consumer, stream, moveBatch, want, readyFirst, tails);
        dispatch(result.claimed(), byKey ? result.moved().attached() : null);
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

    /**
     * Hands claimed tasks to the handler threads; {@code attached} is null for a consumer that is not
     * ordered by key, else the tasks the move attached to a lane (and the lane's tail).
     */
    private void dispatch(List<ClaimedTask> tasks, Map<String, String> attached) {
        List<InFlightTasks.Task> queued = new ArrayList<>(tasks.size());
        for (ClaimedTask task : tasks) {
            if (task.eventMissing()) {
                HandlerAttempt.Result missing = HandlerAttempt.eventMissing(task, stream);
                outcomes.add(new OutcomeWriter.Outcome(task, missing.failure(), missing.error(), 0));
                continue;
            }
            queued.add(inFlight.add(task));
        }
        List<Runnable> work;
        if (attached == null) {
            work = queued.stream().<Runnable>map(f -> () -> handle(f)).toList();
        } else {
            KeyLanes.Admitted admitted = lanes.admit(queued, attached);
            // attached to a lane that failed meanwhile: the failure's statement gives them back as Pending
            inFlight.takeUnstarted(admitted.dropped());
            work = new ArrayList<>();
            admitted.unkeyed().forEach(f -> work.add(() -> handle(f)));
            admitted.lanes().forEach(start -> work.add(() -> runLane(start)));
        }
        try {
            runners.submit(work);
        } catch (RejectedExecutionException e) {
            finisher.release(consumer, inFlight.takeUnstarted(queued));
        }
    }

    /** Runs a lane's tasks one after another until it ends (no more queued, or a task failed). */
    private void runLane(KeyLanes.Start start) {
        List<InFlightTasks.Task> dropped = new ArrayList<>();
        for (InFlightTasks.Task task = start.first(); task != null; ) {
            boolean succeeded = false;
            try {
                succeeded = handle(task);
            } finally {
                InFlightTasks.Task ran = task;
                task = lanes.next(start.lane(), ran, succeeded, dropped);
                // given back as Pending by the statement that records the failure
                inFlight.takeUnstarted(dropped);
                dropped.clear();
            }
        }
    }

    /** Runs one task's handler; true unless it ran and failed (a task taken back counts as passed). */
    private boolean handle(InFlightTasks.Task f) {
        if (!f.start()) {
            return true;
        }
        HandlerAttempt.Result attempt = null;
        try {
            attempt = HandlerAttempt.run(handler, f.claimed, stream, observations);
        } finally {
            long took = attempt == null ? 0 : attempt.tookNanos();
            claimAhead.record(took);
            if (attempt != null && !f.abandoned()) {
                outcomes.add(new OutcomeWriter.Outcome(f.claimed, attempt.failure(), attempt.error(), took));
            }
            inFlight.finished(f);
            // Wake the loop when the free slot is worth a turn: while draining, or when ready tasks
            // remain (saturated) and enough slots are free to claim a worthwhile batch.
            int capacity = capacity();
            if (draining || (saturated && capacity - inFlight.size() >= refillThreshold(capacity))) {
                signal();
            }
        }
        return attempt.failure() == null;
    }

    /** Most tasks to hold now: a handler each, plus what is worth claiming ahead. */
    private int capacity() {
        return options.concurrency() + claimAhead.tasks();
    }

    /** Free slots worth a turn while saturated: half a batch, or half the capacity when that is less. */
    private int refillThreshold(int capacity) {
        return Math.max(1, Math.min(options.batchSize(), capacity) / 2);
    }

    private int refillThreshold() {
        return refillThreshold(capacity());
    }

    private void rescue() {
        LeaseRescuer.Rescued rescued = rescuer.rescue(consumer, RESCUE_BATCH);
        if (rescued.total() > 0) {
            outcomeLog.warn(
                    "kanthorq: consumer {}: {} task(s) with expired leases rescued ({} retryable, {} discarded, {} back"
                            + " in their key's queue)",
                    consumer,
                    rescued.total(),
                    rescued.retryable().size(),
                    rescued.discarded().size(),
                    rescued.requeued().size());
        }
    }

    private void drain() {
        draining = true; // every finished handler must wake the drain
        long deadline = System.nanoTime() + options.shutdownTimeout().toNanos();
        List<ClaimedTask> unstarted = inFlight.takeUnstarted();
        attempt("release unstarted tasks", () -> finisher.release(consumer, unstarted));
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            attempt("extend leases", inFlight::extendLeases);
            await(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
        }
        if (!inFlight.isEmpty()) {
            log.warn(
                    "kanthorq: consumer {}: {} handler(s) still running after the shutdown timeout of {}; interrupted,"
                            + " their tasks run again after their lease expires",
                    consumer,
                    inFlight.size(),
                    options.shutdownTimeout());
            inFlight.abandonAll();
            handlers.shutdownNow();
        } else {
            handlers.shutdown();
        }
        // what the handlers finished is written before stop() returns
        outcomes.stop(WorkerOptions.OUTCOME_FLUSH_TIMEOUT);
        log.debug("kanthorq: worker of consumer {} stopped", consumer);
    }

    private void attempt(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("kanthorq: consumer {}: could not {} during shutdown: {}", consumer, what, e.getMessage());
        }
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
