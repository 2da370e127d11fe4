package io.kanthorq.core;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;

/**
 * How a worker runs one consumer in this instance.
 *
 * @param concurrency         handlers running at once (each on its own thread)
 * @param batchSize           most tasks claimed, and stream events moved, per statement
 * @param pollInterval        longest sleep without a notification
 * @param shutdownTimeout     how long a stop waits for running handlers
 * @param handlerThreadFactory threads for handlers; null for platform threads named after the consumer
 */
public record WorkerOptions(int concurrency, int batchSize, Duration pollInterval, Duration shutdownTimeout,
                            ThreadFactory handlerThreadFactory) {

    /** Default concurrency: 4. */
    public static final int DEFAULT_CONCURRENCY = 4;
    /** Default batch size: 100. */
    public static final int DEFAULT_BATCH_SIZE = 100;
    /** Default poll interval: 1 second. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Default shutdown timeout: 30 seconds. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /** The defaults. */
    public static final WorkerOptions DEFAULT = new WorkerOptions(DEFAULT_CONCURRENCY, DEFAULT_BATCH_SIZE,
            DEFAULT_POLL_INTERVAL, DEFAULT_SHUTDOWN_TIMEOUT, null);

    /** Validates the options. */
    public WorkerOptions {
        if (concurrency < 1 || concurrency > 10_000) {
            throw new InvalidInputException("concurrency must be between 1 and 10000, got " + concurrency);
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new InvalidInputException("batch-size must be between 1 and 10000, got " + batchSize);
        }
        if (pollInterval == null || pollInterval.toMillis() < 10) {
            throw new InvalidInputException("poll-interval must be at least 10ms, got " + pollInterval);
        }
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            throw new InvalidInputException("shutdown-timeout must not be negative, got " + shutdownTimeout);
        }
    }

    /** A copy with another concurrency. */
    public WorkerOptions withConcurrency(int value) {
        return new WorkerOptions(value, batchSize, pollInterval, shutdownTimeout, handlerThreadFactory);
    }

    /** A copy with another batch size. */
    public WorkerOptions withBatchSize(int value) {
        return new WorkerOptions(concurrency, value, pollInterval, shutdownTimeout, handlerThreadFactory);
    }

    /** A copy with another poll interval. */
    public WorkerOptions withPollInterval(Duration value) {
        return new WorkerOptions(concurrency, batchSize, value, shutdownTimeout, handlerThreadFactory);
    }

    /** A copy with another shutdown timeout. */
    public WorkerOptions withShutdownTimeout(Duration value) {
        return new WorkerOptions(concurrency, batchSize, pollInterval, value, handlerThreadFactory);
    }

    /** A copy with another handler thread factory. */
    public WorkerOptions withHandlerThreadFactory(ThreadFactory value) {
        return new WorkerOptions(concurrency, batchSize, pollInterval, shutdownTimeout, value);
    }
}
