package io.kanthorq.sample.orders;

import java.math.BigDecimal;

/** The payloads published to the stream {@code order_update}, written as JSON by the publisher. */
public final class OrderEvents {

    /** The stream every order event goes to. */
    public static final String STREAM = "order_update";

    public static final String CREATED = "order.created";
    public static final String CANCELLED = "order.cancelled";
    public static final String FAILED = "order.failed";

    private OrderEvents() {}

    /** Subject {@code order.created}. */
    public record OrderCreated(long orderId, String customerEmail, BigDecimal amount) {}

    /** Subject {@code order.cancelled}. */
    public record OrderCancelled(long orderId, String customerEmail, BigDecimal amount, String reason) {}

    /** Subject {@code order.failed}. */
    public record OrderFailed(long orderId, String customerEmail, String reason) {}

    /**
     * Subject {@code payment.refunded}: published by the {@code refund_order} handler once the gateway
     * refunded a cancelled order, so it belongs to the cancellation's chain (its causation).
     */
    public record PaymentRefunded(long orderId, String customerEmail, BigDecimal amount, String refundId) {}
}
