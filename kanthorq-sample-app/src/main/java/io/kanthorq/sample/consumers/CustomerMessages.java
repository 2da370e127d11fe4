package io.kanthorq.sample.consumers;

import io.kanthorq.core.DiscardException;
import io.kanthorq.core.TaskContext;
import io.kanthorq.sample.orders.OrderActions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends a message to a customer at most once per (event, consumer) as far as this application can
 * tell: a message already recorded in {@code order_actions} is not sent again when the task runs a
 * second time. (A crash between sending and recording still sends twice; at-least-once delivery
 * cannot promise more without an idempotent mail provider.) The sending itself is simulated.
 */
@Component
class CustomerMessages {

    private static final Logger log = LoggerFactory.getLogger(CustomerMessages.class);

    private final OrderActions actions;

    CustomerMessages(OrderActions actions) {
        this.actions = actions;
    }

    void send(TaskContext task, long orderId, String to, String text) {
        String eventId = task.event().id();
        if (actions.find(eventId, task.consumer()).isPresent()) {
            log.debug("{}: already sent for event {}", task.consumer(), eventId);
            return;
        }
        if (to == null || !to.contains("@")) {
            // retrying cannot make this address deliverable: dead-letter the task at once
            throw new DiscardException("undeliverable address '" + to + "' for order " + orderId);
        }
        log.debug("{}: to {}: {}", task.consumer(), to, text);
        actions.record(eventId, task.consumer(), orderId, task.attempt(), "sent to " + to + ": " + text);
    }
}
