package io.kanthorq.core;

/**
 * Application code that handles a consumer's tasks. Returning normally completes the task; an
 * exception fails the attempt (Retryable with backoff, or Discarded when attempts are exhausted).
 * Throw {@link RetryLaterException} to choose the delay, {@link DiscardException} to dead-letter at once.
 */
@FunctionalInterface
public interface TaskHandler {

    /** Handles one task. Runs on a handler thread with no database connection held for it. */
    void handle(TaskContext task) throws Exception;
}
