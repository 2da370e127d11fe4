package io.kanthorq.sample.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /orders/{id}}: the order, the events it published with the task each consumer made of
 * them (state, attempts, errors), and what the consumers did.
 */
public record OrderView(
        long id,
        String customerEmail,
        BigDecimal amount,
        Order.Status status,
        String reason,
        Instant createdAt,
        Instant updatedAt,
        List<EventView> events,
        List<OrderActions.Action> actions) {

    /**
     * An event of the order — published by the shop, or by a handler in the chain of one of the shop's
     * events ({@code causationId} is the event whose handler published it, null for the shop's own) —
     * and its tasks, one per consumer whose subjects match.
     */
    public record EventView(
            String eventId, String subject, Instant publishedAt, String causationId, List<TaskView> tasks) {}

    /**
     * A consumer's task for an event.
     *
     * @param state     the task state ({@code COMPLETED}, {@code RETRYABLE}, {@code DISCARDED}, …)
     * @param stateCode the code stored in the database (for example 101 for Completed)
     * @param attempts  attempts made so far
     * @param errors    the error of each failed attempt, oldest first
     */
    public record TaskView(
            String consumer,
            String state,
            int stateCode,
            int attempts,
            Instant nextAttemptAt,
            Instant finalizedAt,
            List<String> errors) {}
}
