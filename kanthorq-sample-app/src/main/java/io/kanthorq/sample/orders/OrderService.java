package io.kanthorq.sample.orders;

import io.kanthorq.core.Event;
import io.kanthorq.core.PublishOptions;
import io.kanthorq.sample.orders.OrderEvents.OrderCancelled;
import io.kanthorq.sample.orders.OrderEvents.OrderCreated;
import io.kanthorq.sample.orders.OrderEvents.OrderFailed;
import io.kanthorq.spring.KanthorqPublisher;
import java.math.BigDecimal;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The business writes. Each method changes the order and publishes its event in one transaction:
 * the event exists if and only if the change committed (a transactional outbox, without an outbox
 * table or a relay).
 */
@Service
public class OrderService {

    private static final Logger log = LoggerFactory.getLogger(OrderService.class);

    private final OrderRepository orders;
    private final KanthorqPublisher publisher;

    public OrderService(OrderRepository orders, KanthorqPublisher publisher) {
        this.orders = orders;
        this.publisher = publisher;
    }

    @Transactional
    public Order create(String customerEmail, BigDecimal amount) {
        Order order = orders.insert(customerEmail, amount);
        publish(order, OrderEvents.CREATED, new OrderCreated(order.id(), order.customerEmail(), order.amount()));
        return order;
    }

    @Transactional
    public Order cancel(long id, String reason) {
        Order order = transition(id, Order.Status.CANCELLED, reason);
        publish(
                order,
                OrderEvents.CANCELLED,
                new OrderCancelled(order.id(), order.customerEmail(), order.amount(), order.reason()));
        log.info("order {} cancelled ({})", order.id(), order.reason());
        return order;
    }

    @Transactional
    public Order fail(long id, String reason) {
        Order order = transition(id, Order.Status.FAILED, reason);
        publish(order, OrderEvents.FAILED, new OrderFailed(order.id(), order.customerEmail(), order.reason()));
        return order;
    }

    private Order transition(long id, Order.Status to, String reason) {
        Order order = orders.findForUpdate(id).orElseThrow(() -> new OrderNotFoundException(id));
        if (order.status() != Order.Status.CREATED) {
            throw new OrderStateException(
                    "order " + id + " is " + order.status() + ", only a CREATED order can become " + to);
        }
        return orders.updateStatus(id, to, reason);
    }

    private void publish(Order order, String subject, Object payload) {
        // joins this method's transaction: rolled back with the order if anything below fails; the
        // order is the ordering key, so consumers ordered by key handle one order's events in order
        Event event = publisher.publish(
                OrderEvents.STREAM,
                subject,
                payload,
                PublishOptions.DEFAULT
                        .withKey("order-" + order.id())
                        .withMetadata(Map.of("order_id", Long.toString(order.id()))));
        orders.recordEvent(order.id(), event.id(), subject);
    }

    /** No such order. */
    public static class OrderNotFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public OrderNotFoundException(long id) {
            super("order " + id + " does not exist");
        }
    }

    /** The order cannot make the requested change. */
    public static class OrderStateException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public OrderStateException(String message) {
            super(message);
        }
    }
}
