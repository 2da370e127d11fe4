package io.kanthorq.core.management;

import io.kanthorq.core.Backoff;
import io.kanthorq.core.OnDiscard;
import io.kanthorq.core.Ordering;
import io.kanthorq.core.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A consumer as the management API reports it: settings, position in the stream and task numbers.
 *
 * <p>The finished states (Completed, Discarded, Cancelled) are counted up to a limit
 * ({@link StreamInfo#EXACT_COUNT_LIMIT} unless the caller chose another, see
 * {@link Management#consumers(long)}); a state that reached it is in {@code countsAtLimit}: Completed is
 * then the planner's estimate of the table minus the other states, Discarded and Cancelled the limit
 * itself ("at least"). The other states are counted through partial indexes (ready, lease), which
 * costs time in proportion to those states only. {@code eventsNotMoved} is exact (index range from the cursor, so it costs in proportion
 * to the lag).
 *
 * @param name                consumer name
 * @param stream              the stream it reads
 * @param subjects            subject filters (empty: every subject)
 * @param excludeSubjects     subject filters skipped even when included
 * @param paused              whether moving and claiming are paused
 * @param cursor              the cursor snapshot ({@code xmin:xmax:xip})
 * @param window              the window being moved in batches, or null
 * @param eventsNotMoved      events of the stream not yet turned into tasks (whatever their subject)
 * @param tasks               tasks per state; every state is present
 * @param countsAtLimit       the finished states whose count reached the limit (see above)
 * @param oldestReadyAge      how long the oldest due Available/Retryable task has waited, or null
 * @param attemptMax          attempts before a task is Discarded
 * @param visibilityTimeout   lease of a claimed task
 * @param backoff             delay between failed attempts
 * @param createdAt           when the consumer was registered
 * @param updatedAt           last change of its settings or pause state
 * @param ordering            how its tasks are ordered
 * @param onDiscard           with {@link Ordering#KEY}: what a Discarded task does to its key
 * @param scheduled           Available/Retryable tasks not due yet (delayed deliveries and retries waiting
 *                            for their backoff): "scheduled" is derived from the time, not a state
 */
public record ConsumerInfo(
        String name,
        String stream,
        List<String> subjects,
        List<String> excludeSubjects,
        boolean paused,
        String cursor,
        String window,
        long eventsNotMoved,
        Map<TaskState, Long> tasks,
        Set<TaskState> countsAtLimit,
        Duration oldestReadyAge,
        int attemptMax,
        Duration visibilityTimeout,
        Backoff backoff,
        Instant createdAt,
        Instant updatedAt,
        Ordering ordering,
        OnDiscard onDiscard,
        long scheduled) {

    /** Freezes the lists and the counts. */
    public ConsumerInfo {
        subjects = List.copyOf(subjects);
        excludeSubjects = List.copyOf(excludeSubjects);
        tasks = Map.copyOf(tasks);
        countsAtLimit = countsAtLimit.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(countsAtLimit));
    }

    /** Whether the Completed count was counted rather than estimated. */
    public boolean completedCountExact() {
        return !countsAtLimit.contains(TaskState.COMPLETED);
    }

    /** Tasks in {@code state}. */
    public long tasks(TaskState state) {
        return tasks.getOrDefault(state, 0L);
    }

    /** Tasks waiting to run: Pending (behind their key's head), Available and Retryable, due or scheduled. */
    public long ready() {
        return tasks(TaskState.PENDING) + tasks(TaskState.AVAILABLE) + tasks(TaskState.RETRYABLE);
    }

    /**
     * Work not done yet: events not moved plus tasks waiting or running. Zero when the consumer has
     * caught up with its stream.
     */
    public long lag() {
        return eventsNotMoved + ready() + tasks(TaskState.RUNNING);
    }
}
