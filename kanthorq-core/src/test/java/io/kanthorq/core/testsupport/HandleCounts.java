package io.kanthorq.core.testsupport;

import io.kanthorq.core.TaskContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** How many times a handler ran for each event: what the reliability tests count losses and duplicates with. */
public final class HandleCounts {

    private final Map<String, AtomicInteger> byEvent = new ConcurrentHashMap<>();

    /** Counts one run for the task's event and returns its number (1 for the first). */
    public int record(TaskContext task) {
        return byEvent.computeIfAbsent(task.event().id(), id -> new AtomicInteger())
                .incrementAndGet();
    }

    /** Events handled at least once. */
    public int events() {
        return byEvent.size();
    }

    /** Events handled more than once. */
    public long duplicates() {
        return byEvent.values().stream().filter(c -> c.get() > 1).count();
    }

    /** Runs for one event (0 when never handled). */
    public int of(String eventId) {
        AtomicInteger count = byEvent.get(eventId);
        return count == null ? 0 : count.get();
    }
}
