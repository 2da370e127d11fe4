package io.kanthorq.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One attempt an {@link InlineWorker} ran, and the state it left the task in.
 *
 * @param task          what the handler saw: the consumer, the event, the attempt number
 * @param state         the task's state once the outcome was written: {@link TaskState#COMPLETED},
 *                      {@link TaskState#RETRYABLE} or {@link TaskState#DISCARDED} (another state only
 *                      when something else changed the task meanwhile, e.g. an operator's redrive)
 * @param error         what the handler threw, null when it returned normally
 * @param nextAttemptAt when a Retryable task runs again, by the database clock; null in any other state
 * @param took          how long the handler ran
 */
public record TaskRun(TaskContext task, TaskState state, Throwable error, Instant nextAttemptAt, Duration took) {

    /** Validates the record. */
    public TaskRun {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(took, "took");
    }

    /** The consumer the task belongs to. */
    public String consumer() {
        return task.consumer();
    }

    /** The event the task was for. */
    public Event event() {
        return task.event();
    }

    /** The attempt number, 1 for the first. */
    public int attempt() {
        return task.attempt();
    }

    @Override
    public String toString() {
        return task.consumer() + " " + task.event().subject() + " "
                + task.event().id() + " attempt "
                + task.attempt() + " -> " + state
                + (error == null ? "" : " (" + error.getClass().getSimpleName() + ": " + error.getMessage() + ")")
                + (nextAttemptAt == null ? "" : " next at " + nextAttemptAt);
    }
}
