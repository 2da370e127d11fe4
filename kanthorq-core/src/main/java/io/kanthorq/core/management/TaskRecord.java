package io.kanthorq.core.management;

import io.kanthorq.core.TaskState;
import java.time.Instant;
import java.util.List;

/**
 * A consumer task as stored, for inspection.
 *
 * @param consumer     the consumer
 * @param eventId      the event it handles
 * @param subject      the event's subject
 * @param state        current state
 * @param scheduleAt   next attempt (Available/Retryable) or lease deadline (Running)
 * @param attemptCount attempts made so far
 * @param attemptedAt  start of the last attempt, or null
 * @param finalizedAt  when it reached a final state, or null
 * @param createdAt    when the task was created
 * @param updatedAt    last change
 * @param errors       one entry per failed attempt, oldest first
 */
public record TaskRecord(
        String consumer,
        String eventId,
        String subject,
        TaskState state,
        Instant scheduleAt,
        int attemptCount,
        Instant attemptedAt,
        Instant finalizedAt,
        Instant createdAt,
        Instant updatedAt,
        List<AttemptError> errors) {

    /**
     * The error of one failed attempt.
     *
     * @param attempt   attempt number
     * @param at        when it was recorded
     * @param message   the error message
     * @param exception the exception class name
     * @param stack     a short stack trace, or null
     */
    public record AttemptError(int attempt, Instant at, String message, String exception, String stack) {}

    /** Freezes the error list. */
    public TaskRecord {
        errors = List.copyOf(errors);
    }
}
