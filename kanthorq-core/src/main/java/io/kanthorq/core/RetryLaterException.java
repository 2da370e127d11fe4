package io.kanthorq.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by a handler to retry its task after a delay it chooses instead of the consumer's
 * backoff. The attempt still counts: a task at its last attempt is Discarded.
 */
public class RetryLaterException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Duration delay;

    /** Retries after {@code delay} (zero or positive). */
    public RetryLaterException(Duration delay) {
        this(delay, "retry requested in " + delay, null);
    }

    /** Retries after {@code delay}, recording {@code message} as the attempt's error. */
    public RetryLaterException(Duration delay, String message) {
        this(delay, message, null);
    }

    /** Retries after {@code delay}, recording {@code message} and {@code cause}. */
    public RetryLaterException(Duration delay, String message, Throwable cause) {
        super(message, cause);
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        this.delay = delay;
    }

    /** The delay before the next attempt. */
    public Duration delay() {
        return delay;
    }
}
