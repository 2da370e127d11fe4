package io.kanthorq.sample.consumers;

import io.kanthorq.core.TaskContext;
import io.kanthorq.sample.orders.OrderEvents.OrderCancelled;
import io.kanthorq.spring.KanthorqSubscriber;
import org.springframework.stereotype.Component;

/** Consumer {@code send_cancellation_email} (subject {@code order.cancelled}, 3 attempts). */
@Component
class CancellationEmails {

    private final CustomerMessages messages;

    CancellationEmails(CustomerMessages messages) {
        this.messages = messages;
    }

    @KanthorqSubscriber(consumer = "send_cancellation_email")
    void onCancelled(OrderCancelled order, TaskContext task) {
        messages.send(
                task,
                order.orderId(),
                order.customerEmail(),
                "order " + order.orderId() + " is cancelled: " + order.reason());
    }
}
