package io.kanthorq.sample.consumers;

import io.kanthorq.core.TaskContext;
import io.kanthorq.sample.orders.OrderEvents;
import io.kanthorq.spring.KanthorqSubscriber;
import org.springframework.stereotype.Component;

/**
 * Consumer {@code send_apology_email}, subscribed to two subjects: {@code order.cancelled} and
 * {@code order.failed}. Both payloads carry the fields of {@link OrderProblem}, so one method reads
 * either (fields it does not declare, such as the amount, are ignored).
 */
@Component
class ApologyEmails {

    /** The fields an apology needs, common to {@code OrderCancelled} and {@code OrderFailed}. */
    record OrderProblem(long orderId, String customerEmail, String reason) {}

    private final CustomerMessages messages;

    ApologyEmails(CustomerMessages messages) {
        this.messages = messages;
    }

    @KanthorqSubscriber(consumer = "send_apology_email")
    void onProblem(OrderProblem order, TaskContext task) {
        String what = task.event().subject().equals(OrderEvents.FAILED) ? "could not be completed" : "was cancelled";
        messages.send(
                task,
                order.orderId(),
                order.customerEmail(),
                "sorry that order " + order.orderId() + " " + what + " (" + order.reason() + ")");
    }
}
