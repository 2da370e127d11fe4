package io.kanthorq.core;

import java.time.Duration;

/**
 * Callbacks on task outcomes, for metrics and logs. Called on the worker's outcome-writing thread
 * after the outcome is written; implementations must be fast and must not throw.
 */
public interface TaskListener {

    /** No-op listener. */
    TaskListener NONE = new TaskListener() {};

    /** The task was handled and is now Completed. */
    default void completed(TaskContext task, Duration took) {}

    /** The attempt failed; the task is now Retryable, or Discarded when {@code discarded}. */
    default void failed(TaskContext task, Throwable error, boolean discarded, Duration took) {}

    /**
     * The outcome was not written because the task is no longer this worker's (its lease expired and
     * it was rescued, redriven or claimed again): the newer owner decides.
     */
    default void fenced(TaskContext task) {}
}
