package io.kanthorq.core.retention;

import io.kanthorq.core.TaskState;
import java.time.Duration;
import java.util.Map;

/**
 * What one retention pass removed.
 *
 * @param skipped       true when another instance was running a pass (nothing was done)
 * @param tasksRemoved  per consumer, tasks deleted per state (Completed, Cancelled, Discarded)
 * @param eventsRemoved per stream, events deleted
 * @param took          how long the pass took
 */
public record RetentionReport(
        boolean skipped,
        Map<String, Map<TaskState, Long>> tasksRemoved,
        Map<String, Long> eventsRemoved,
        Duration took) {

    /** Freezes the maps. */
    public RetentionReport {
        tasksRemoved = Map.copyOf(tasksRemoved);
        eventsRemoved = Map.copyOf(eventsRemoved);
    }

    /** A pass that did nothing because another instance holds the retention lock. */
    static RetentionReport skipped(Duration took) {
        return new RetentionReport(true, Map.of(), Map.of(), took);
    }

    /** Tasks deleted in every consumer. */
    public long totalTasksRemoved() {
        return tasksRemoved.values().stream()
                .flatMap(m -> m.values().stream())
                .mapToLong(Long::longValue)
                .sum();
    }

    /** Events deleted in every stream. */
    public long totalEventsRemoved() {
        return eventsRemoved.values().stream().mapToLong(Long::longValue).sum();
    }
}
