package io.kanthorq.core.management;

import io.kanthorq.core.Subjects;
import io.kanthorq.core.TaskState;
import java.time.Instant;
import java.util.Objects;

/**
 * Selects tasks of one consumer in one state, for listing and for redrive. Only the state and the
 * time range are served by the partial {@code (state, updated_at)} index of finished tasks (for
 * Completed, Cancelled and Discarded); the subject filter is applied to
 * the rows of that range.
 *
 * @param state         the state (required)
 * @param subject       a subject filter with NATS wildcards ({@code order.*}, {@code order.>}), or null
 * @param updatedFrom   only tasks last changed at or after this time, or null
 * @param updatedBefore only tasks last changed before this time, or null
 */
public record TaskFilter(TaskState state, String subject, Instant updatedFrom, Instant updatedBefore) {

    /** Validates the subject filter. */
    public TaskFilter {
        Objects.requireNonNull(state, "state");
        if (subject != null) {
            Subjects.requireValidFilter(subject);
        }
    }

    /** Every task in {@code state}. */
    public static TaskFilter of(TaskState state) {
        return new TaskFilter(state, null, null, null);
    }

    /** This filter, restricted to subjects matching {@code filter}. */
    public TaskFilter withSubject(String filter) {
        return new TaskFilter(state, filter, updatedFrom, updatedBefore);
    }

    /** This filter, restricted to tasks last changed in {@code [from, before)} (either may be null). */
    public TaskFilter withUpdated(Instant from, Instant before) {
        return new TaskFilter(state, subject, from, before);
    }
}
