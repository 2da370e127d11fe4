package io.kanthorq.spring;

import io.kanthorq.core.Event;

/**
 * Published as a Spring application event when a handler's failure dead-letters a task (its last
 * attempt failed, or it threw {@link io.kanthorq.core.DiscardException}): the hook for an alert.
 * Listen with {@code @EventListener}; it arrives on the worker's outcome thread once the Discarded
 * state is written, so a slow listener should hand the work off ({@code @Async}). A task whose lease
 * expired at its last attempt (its worker died) is discarded by the lease rescue and raises none.
 *
 * @param consumer   the consumer whose task it was
 * @param event      the event the task was for
 * @param attempt    the attempt that failed (1 for the first)
 * @param attemptMax the consumer's attempts
 * @param errorType  the class of what the handler threw
 * @param error      its message (may be empty)
 */
public record KanthorqTaskDiscarded(
        String consumer, Event event, int attempt, int attemptMax, String errorType, String error) {}
