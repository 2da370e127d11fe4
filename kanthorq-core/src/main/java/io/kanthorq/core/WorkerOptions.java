package io.kanthorq.core;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * How a worker runs one consumer in this instance.
 *
 * @param concurrency         handlers running at once (each on its own thread)
 * @param batchSize           most tasks claimed, and stream rows scanned, per statement
 * @param prefetch            most tasks claimed beyond the free handlers and queued locally (0: claim only
 *                            for free handlers). Raises throughput for short handlers, since one commit then
 *                            claims and acknowledges many tasks; queued tasks hold their lease (extended
 *                            like running ones) and are given back at shutdown, but other instances cannot
 *                            take them meanwhile
 * @param claimAhead          how much handler work, by the recent average handler time, is claimed beyond
 *                            the free handlers, up to {@code prefetch} tasks: short handlers get long
 *                            batches, slow ones nothing ahead (fair across instances). Zero claims nothing
 *                            ahead; a long duration always claims {@code prefetch} ahead
 * @param pollInterval        how often an idle consumer is checked for work without a notification
 * @param shutdownTimeout     how long a stop waits for running handlers
 * @param handlerThreadFactory threads for handlers; null for platform threads named after the consumer
 */
public record WorkerOptions(
        int concurrency,
        int batchSize,
        int prefetch,
        Duration claimAhead,
        Duration pollInterval,
        Duration shutdownTimeout,
        ThreadFactory handlerThreadFactory) {

    /** Default concurrency: 4. */
    public static final int DEFAULT_CONCURRENCY = 4;
    /** Default batch size: 500. */
    public static final int DEFAULT_BATCH_SIZE = 500;
    /**
     * Default prefetch: at most 1000 tasks claimed ahead. How many is {@link #DEFAULT_CLAIM_AHEAD}'s
     * decision, so the cap only binds handlers shorter than half a millisecond.
     */
    public static final int DEFAULT_PREFETCH = 1000;
    /** Default claim-ahead: 100 ms of handler work. */
    public static final Duration DEFAULT_CLAIM_AHEAD = Duration.ofMillis(100);
    /** Default poll interval: 1 second. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Default shutdown timeout: 30 seconds. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /**
     * How long a stopping worker tries to write the outcomes of handlers that finished, after waiting
     * for them: a database that does not answer leaves those tasks to lease expiry instead.
     */
    public static final Duration OUTCOME_FLUSH_TIMEOUT = Duration.ofSeconds(10);

    /** The defaults. */
    public static final WorkerOptions DEFAULT = new WorkerOptions(
            DEFAULT_CONCURRENCY,
            DEFAULT_BATCH_SIZE,
            DEFAULT_PREFETCH,
            DEFAULT_CLAIM_AHEAD,
            DEFAULT_POLL_INTERVAL,
            DEFAULT_SHUTDOWN_TIMEOUT,
            null);

    /** Validates the options. */
    public WorkerOptions {
        if (concurrency < 1 || concurrency > 10_000) {
            throw new InvalidInputException("concurrency must be between 1 and 10000, got " + concurrency);
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new InvalidInputException("batch-size must be between 1 and 10000, got " + batchSize);
        }
        if (prefetch < 0 || prefetch > 100_000) {
            throw new InvalidInputException("prefetch must be between 0 and 100000, got " + prefetch);
        }
        if (claimAhead == null || claimAhead.isNegative()) {
            throw new InvalidInputException("claim-ahead must not be negative, got " + claimAhead);
        }
        if (pollInterval == null || pollInterval.toMillis() < 10) {
            throw new InvalidInputException("poll-interval must be at least 10ms, got " + pollInterval);
        }
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            throw new InvalidInputException("shutdown-timeout must not be negative, got " + shutdownTimeout);
        }
    }

    /** Options with the default claim-ahead. */
    public WorkerOptions(
            int concurrency,
            int batchSize,
            int prefetch,
            Duration pollInterval,
            Duration shutdownTimeout,
            ThreadFactory handlerThreadFactory) {
        this(
                concurrency,
                batchSize,
                prefetch,
                DEFAULT_CLAIM_AHEAD,
                pollInterval,
                shutdownTimeout,
                handlerThreadFactory);
    }

    /** Most tasks this worker holds at once: running plus queued. */
    public int capacity() {
        return concurrency + prefetch;
    }

    /**
     * The longest a worker's {@code stop()} takes: the shutdown timeout for running handlers, then at
     * most {@link #OUTCOME_FLUSH_TIMEOUT} to write their outcomes. Every waiter on a stop uses this bound.
     */
    public Duration stopTimeout() {
        return stopTimeout(shutdownTimeout);
    }

    /** The longest a worker's stop takes with {@code shutdownTimeout}: see {@link #stopTimeout()}. */
    public static Duration stopTimeout(Duration shutdownTimeout) {
        return shutdownTimeout.plus(OUTCOME_FLUSH_TIMEOUT);
    }

    /** A copy with another concurrency. */
    public WorkerOptions withConcurrency(int value) {
        return new WorkerOptions(
                value, batchSize, prefetch, claimAhead, pollInterval, shutdownTimeout, handlerThreadFactory);
    }

    /** A copy with another prefetch. */
    public WorkerOptions withPrefetch(int value) {
        return new WorkerOptions(
                concurrency, batchSize, value, claimAhead, pollInterval, shutdownTimeout, handlerThreadFactory);
    }

    /** A copy with another claim-ahead. */
    public WorkerOptions withClaimAhead(Duration value) {
        return new WorkerOptions(
                concurrency, batchSize, prefetch, value, pollInterval, shutdownTimeout, handlerThreadFactory);
    }

    /** A copy with another batch size. */
    public WorkerOptions withBatchSize(int value) {
        return new WorkerOptions(
                concurrency, value, prefetch, claimAhead, pollInterval, shutdownTimeout, handlerThreadFactory);
    }

    /** A copy with another poll interval. */
    public WorkerOptions withPollInterval(Duration value) {
        return new WorkerOptions(
                concurrency, batchSize, prefetch, claimAhead, value, shutdownTimeout, handlerThreadFactory);
    }

    /** A copy with another shutdown timeout. */
    public WorkerOptions withShutdownTimeout(Duration value) {
        return new WorkerOptions(
                concurrency, batchSize, prefetch, claimAhead, pollInterval, value, handlerThreadFactory);
    }

    /** A copy with another handler thread factory. */
    public WorkerOptions withHandlerThreadFactory(ThreadFactory value) {
        return new WorkerOptions(concurrency, batchSize, prefetch, claimAhead, pollInterval, shutdownTimeout, value);
    }
}
