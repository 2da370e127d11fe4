package io.kanthorq.sample.consumers;

import io.kanthorq.core.TaskContext;
import io.kanthorq.sample.orders.OrderEvents.PaymentRefunded;
import io.kanthorq.spring.KanthorqSubscriber;
import org.springframework.stereotype.Component;

/**
 * Consumer {@code send_receipt} (subject {@code payment.refunded}, 5 attempts): the third level of a
 * cancellation's chain — order cancelled → refunded by {@code refund_order} → receipt sent here.
 */
@Component
class Receipts {

    private final CustomerMessages messages;

    Receipts(CustomerMessages messages) {
        this.messages = messages;
    }

    @KanthorqSubscriber(consumer = "send_receipt")
    void onRefunded(PaymentRefunded refund, TaskContext task) {
        messages.send(
                task,
                refund.orderId(),
                refund.customerEmail(),
                "receipt: " + refund.amount() + " refunded for order " + refund.orderId() + " (" + refund.refundId()
                        + ")");
    }
}
