package io.kanthorq.core;

/**
 * What a handler knows about the task it runs. Delivery is at-least-once: use {@link Event#id()}
 * (and {@link #attempt()}) to make handlers idempotent.
 *
 * @param consumer   the consumer the task belongs to
 * @param event      the event being handled
 * @param attempt    this attempt's number, 1 for the first
 * @param attemptMax attempts allowed before the task is Discarded
 */
public record TaskContext(String consumer, Event event, int attempt, int attemptMax) {

    /** Whether a failure of this attempt discards the task. */
    public boolean isLastAttempt() {
        return attempt >= attemptMax;
    }
}
