package io.kanthorq.sample.payments;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * A simulated payment provider with the failure modes a refund handler must live with (see
 * {@link PaymentGatewayProperties}). Like real providers it takes an idempotency key: repeating a
 * refund with the same key returns the first refund instead of paying twice, which is what makes
 * an at-least-once refund handler safe.
 */
@Component
public class PaymentGateway {

    private final PaymentGatewayProperties properties;
    private final Map<String, String> refunds = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    public PaymentGateway(PaymentGatewayProperties properties) {
        this.properties = properties;
    }

    /**
     * Refunds {@code amount} for an order and returns the refund's id.
     *
     * @throws GatewayBusyException        the gateway asks to come back later (temporary, with a delay)
     * @throws GatewayUnavailableException the call timed out (temporary as far as the caller can tell)
     */
    public String refund(String idempotencyKey, long orderId, BigDecimal amount) {
        String done = refunds.get(idempotencyKey);
        if (done != null) {
            return done;
        }
        int call = calls.computeIfAbsent(idempotencyKey, key -> new AtomicInteger())
                .incrementAndGet();
        if (amount.compareTo(properties.brokenAmount()) == 0) {
            throw new GatewayUnavailableException(
                    "payment gateway timed out refunding " + amount + " for order " + orderId + " (call " + call + ")");
        }
        if (amount.compareTo(properties.flakyAmount()) == 0 && call <= properties.flakyFailures()) {
            throw new GatewayUnavailableException("payment gateway timed out refunding " + amount + " for order "
                    + orderId + " (call " + call + " of a flaky refund)");
        }
        if (ThreadLocalRandom.current().nextDouble() < properties.failureRate()) {
            throw new GatewayBusyException(properties.retryAfter());
        }
        calls.remove(idempotencyKey);
        return refunds.computeIfAbsent(idempotencyKey, key -> "rf_" + orderId + "_" + Math.abs(key.hashCode()));
    }

    /** The gateway is overloaded and says when to come back (HTTP 503 with Retry-After). */
    public static class GatewayBusyException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final Duration retryAfter;

        public GatewayBusyException(Duration retryAfter) {
            super("payment gateway busy, retry after " + retryAfter.toMillis() + " ms");
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** The call failed without an answer (timeout, connection reset). */
    public static class GatewayUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public GatewayUnavailableException(String message) {
            super(message);
        }
    }
}
