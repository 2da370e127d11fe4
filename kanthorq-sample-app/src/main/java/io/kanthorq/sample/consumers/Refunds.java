package io.kanthorq.sample.consumers;

import io.kanthorq.core.RetryLaterException;
import io.kanthorq.core.TaskContext;
import io.kanthorq.sample.orders.OrderActions;
import io.kanthorq.sample.orders.OrderEvents.OrderCancelled;
import io.kanthorq.sample.payments.PaymentGateway;
import io.kanthorq.spring.KanthorqSubscriber;
import org.springframework.stereotype.Component;

/**
 * Consumer {@code refund_order} (subject {@code order.cancelled}, 10 attempts): refunds a cancelled
 * order through the flaky {@link PaymentGateway}.
 * <ul>
 *   <li>The event id is the gateway's idempotency key and {@code order_actions} records the refund, so a
 *       task that runs twice refunds once.</li>
 *   <li>A busy gateway says when to come back: {@link RetryLaterException} retries after exactly that.</li>
 *   <li>A timeout propagates: the consumer's backoff picks the next attempt, and after
 *       {@code attempt-max} (10) failed attempts the task is Discarded — the dead-letter set an operator
 *       inspects and redrives.</li>
 * </ul>
 */
@Component
class Refunds {

    private final PaymentGateway gateway;
    private final OrderActions actions;

    Refunds(PaymentGateway gateway, OrderActions actions) {
        this.gateway = gateway;
        this.actions = actions;
    }

    @KanthorqSubscriber(consumer = "refund_order")
    void onCancelled(OrderCancelled order, TaskContext task) {
        String eventId = task.event().id();
        if (actions.find(eventId, task.consumer()).isPresent()) {
            return; // refunded by an earlier attempt whose outcome was not written
        }
        if (order.amount().signum() == 0) {
            actions.record(eventId, task.consumer(), order.orderId(), task.attempt(), "nothing to refund");
            return;
        }
        String refundId;
        try {
            refundId = gateway.refund(eventId, order.orderId(), order.amount());
        } catch (PaymentGateway.GatewayBusyException e) {
            throw new RetryLaterException(e.retryAfter(), e.getMessage(), e);
        }
        actions.record(
                eventId,
                task.consumer(),
                order.orderId(),
                task.attempt(),
                "refunded " + order.amount() + " (" + refundId + ")");
    }
}
