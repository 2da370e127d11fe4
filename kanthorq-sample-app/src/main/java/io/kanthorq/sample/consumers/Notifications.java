package io.kanthorq.sample.consumers;

import io.kanthorq.core.TaskContext;
import io.kanthorq.sample.orders.OrderEvents.OrderCreated;
import io.kanthorq.spring.KanthorqSubscriber;
import org.springframework.stereotype.Component;

/** Consumer {@code send_notification} (subject {@code order.created}): tells the customer the order is in. */
@Component
class Notifications {

    private final CustomerMessages messages;

    Notifications(CustomerMessages messages) {
        this.messages = messages;
    }

    @KanthorqSubscriber(consumer = "send_notification")
    void onCreated(OrderCreated order, TaskContext task) {
        messages.send(
                task,
                order.orderId(),
                order.customerEmail(),
                "order " + order.orderId() + " received (" + order.amount() + ")");
    }
}
