package io.kanthorq.core;

/**
 * A running worker of one consumer in this instance, as returned by
 * {@link Kanthorq#startWorker(String, TaskHandler, WorkerOptions)}: its consumer, whether it runs, how
 * many tasks it holds, and a bounded stop.
 */
public interface Worker {

    /** The consumer this worker runs. */
    String consumer();

    /** Whether the worker runs (false once stopped). */
    boolean isRunning();

    /** Handlers running (or claimed and about to run) right now. */
    int inFlight();

    /**
     * Stops claiming, releases tasks claimed but not started, waits up to the shutdown timeout for
     * running handlers and writes their outcomes. Handlers still running then are interrupted and their
     * tasks come back after their lease expires.
     */
    void stop();
}
