package io.kanthorq.sample.consumers;

import io.kanthorq.core.PublishOptions;
import io.kanthorq.core.RetryLaterException;
import io.kanthorq.core.TaskContext;
import io.kanthorq.sample.orders.OrderActions;
import io.kanthorq.sample.orders.OrderEvents.OrderCancelled;
import io.kanthorq.sample.orders.OrderEvents.PaymentRefunded;
import io.kanthorq.sample.payments.PaymentGateway;
import io.kanthorq.spring.KanthorqPublisher;
import io.kanthorq.spring.KanthorqSubscriber;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 *   <li>A refund publishes {@code payment.refunded} (for {@code send_receipt}): published while this
 *       handler runs, it joins the cancellation's chain on its own. It is published before the refund is
 *       recorded, with the cancellation as its idempotency key, so an attempt that runs again after a
 *       crash publishes nothing twice.</li>
 * </ul>
 */
@Component
class Refunds {

    private static final Logger log = LoggerFactory.getLogger(Refunds.class);

    private final PaymentGateway gateway;
    private final OrderActions actions;
    private final KanthorqPublisher publisher;

    Refunds(PaymentGateway gateway, OrderActions actions, KanthorqPublisher publisher) {
        this.gateway = gateway;
        this.actions = actions;
        this.publisher = publisher;
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
        publisher.publish(
                "order_update",
                "payment.refunded",
                new PaymentRefunded(order.orderId(), order.customerEmail(), order.amount(), refundId),
                PublishOptions.DEFAULT
                        .withKey("order-" + order.orderId())
                        .withIdempotencyKey("refund-" + eventId)
                        .withMetadata(Map.of("order_id", String.valueOf(order.orderId()))));
        actions.record(
                eventId,
                task.consumer(),
                order.orderId(),
                task.attempt(),
                "refunded " + order.amount() + " (" + refundId + ")");
        log.info("refund_order: refunded {} for order {} ({})", order.amount(), order.orderId(), refundId);
    }
}
