package io.kanthorq.core.worker;

import io.kanthorq.core.Kanthorq;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks a worker has claimed and not yet finished, each in a {@link Phase}, and their leases: a
 * running handler's lease is extended every third of its visibility timeout, so a slow handler does
 * not run twice. Handler threads and the loop share it; a task's phase changes by compare-and-set, so
 * a task is either started by a handler or taken back unstarted, never both.
 */
final class InFlightTasks {

    /** Where a claimed task is: queued for a handler, started by one, or taken back before it started. */
    enum Phase {
        QUEUED,
        STARTED,
        RELEASED
    }

    /** A claimed task owned by this worker until its outcome is written. */
    static final class Task {
        final ClaimedTask claimed;
        private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.QUEUED);
        private volatile long leaseRenewedNanos = System.nanoTime();
        private volatile boolean finished;
        private volatile boolean abandoned;

        private Task(ClaimedTask claimed) {
            this.claimed = claimed;
        }

        /** Moves a queued task to Started; false when it was taken back first. */
        boolean start() {
            return phase.compareAndSet(Phase.QUEUED, Phase.STARTED);
        }

        /** Whether the shutdown gave up on this task (its outcome is not written). */
        boolean abandoned() {
            return abandoned;
        }

        private long leaseThirdNanos() {
            return TimeUnit.MILLISECONDS.toNanos(claimed.visibilityTimeoutMs()) / 3;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Kanthorq.OUTCOME_LOGGER);

    private final String consumer;
    private final TaskFinisher finisher;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();

    InFlightTasks(String consumer, TaskFinisher finisher) {
        this.consumer = consumer;
        this.finisher = finisher;
    }

    /** Holds {@code claimed} as queued for a handler. */
    Task add(ClaimedTask claimed) {
        Task task = new Task(claimed);
        tasks.put(claimed.eventId(), task);
        return task;
    }

    /** The handler of {@code task} returned or threw: it leaves the set. */
    void finished(Task task) {
        task.finished = true;
        tasks.remove(task.claimed.eventId());
    }

    int size() {
        return tasks.size();
    }

    boolean isEmpty() {
        return tasks.isEmpty();
    }

    /** Takes back every task no handler started yet (they will not start now). */
    List<ClaimedTask> takeUnstarted() {
        return takeUnstarted(tasks.values());
    }

    /** Takes back the tasks of {@code candidates} that no handler started yet. */
    List<ClaimedTask> takeUnstarted(Collection<Task> candidates) {
        List<ClaimedTask> unstarted = new ArrayList<>();
        for (Task task : candidates) {
            if (task.phase.compareAndSet(Phase.QUEUED, Phase.RELEASED)) {
                tasks.remove(task.claimed.eventId());
                unstarted.add(task.claimed);
            }
        }
        return unstarted;
    }

    /** Gives up on every task still held (shutdown timeout): their leases expire and they run again. */
    void abandonAll() {
        tasks.values().forEach(task -> task.abandoned = true);
    }

    /** Renews the leases of running handlers that are a third of their visibility timeout old. */
    void extendLeases() {
        long now = System.nanoTime();
        List<Task> due = new ArrayList<>();
        for (Task task : tasks.values()) {
            if (!task.finished && now - task.leaseRenewedNanos >= task.leaseThirdNanos()) {
                due.add(task);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        Set<String> extended =
                finisher.extend(consumer, due.stream().map(task -> task.claimed).toList());
        for (Task task : due) {
            if (!extended.contains(task.claimed.eventId()) && !task.finished) {
                log.warn(
                        "kanthorq: lease of task {} of consumer {} could not be extended: it is no longer this"
                                + " worker's; its outcome will be rejected",
                        task.claimed.eventId(),
                        consumer);
            }
            task.leaseRenewedNanos = now;
        }
    }

    /** Milliseconds until the next lease extension is due (Long.MAX_VALUE when none runs). */
    long untilLeaseExtension() {
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        for (Task task : tasks.values()) {
            if (!task.finished) {
                next = Math.min(
                        next, TimeUnit.NANOSECONDS.toMillis(task.leaseRenewedNanos + task.leaseThirdNanos() - now));
            }
        }
        return next;
    }
}
