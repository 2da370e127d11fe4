package io.kanthorq.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff between attempts: {@code initial * multiplier^(attempt-1)}, capped at
 * {@code max}, with ±10% jitter so that tasks failing together do not retry together. The delay
 * is computed by the database when a failure is recorded, from the consumer's registered settings.
 *
 * @param initial    delay after the first failed attempt
 * @param multiplier growth per attempt (1 to 1000)
 * @param max        upper bound of the delay
 */
public record Backoff(Duration initial, double multiplier, Duration max) {

    /** Default initial delay: 1 second. */
    public static final Duration DEFAULT_INITIAL = Duration.ofSeconds(1);
    /** Default multiplier: 2.0. */
    public static final double DEFAULT_MULTIPLIER = 2.0;
    /** Default cap: 1 hour. */
    public static final Duration DEFAULT_MAX = Duration.ofHours(1);

    /** The defaults: 1 s, ×2, at most 1 h. */
    public static final Backoff DEFAULT = new Backoff(DEFAULT_INITIAL, DEFAULT_MULTIPLIER, DEFAULT_MAX);

    /** Largest multiplier accepted (keeps the computed delay finite for any attempt count). */
    public static final double MAX_MULTIPLIER = 1000.0;

    /** Validates the settings. */
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative()) {
            throw new InvalidInputException("backoff initial must not be negative: " + initial);
        }
        if (max.isNegative()) {
            throw new InvalidInputException("backoff max must not be negative: " + max);
        }
        if (!(multiplier >= 1.0 && multiplier <= MAX_MULTIPLIER)) {
            throw new InvalidInputException(
                    "backoff multiplier must be between 1 and " + MAX_MULTIPLIER + ": " + multiplier);
        }
    }
}
