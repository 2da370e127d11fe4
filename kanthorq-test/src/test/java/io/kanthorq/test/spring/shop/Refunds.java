package io.kanthorq.test.spring.shop;

import io.kanthorq.core.TaskContext;
import io.kanthorq.spring.KanthorqPublisher;
import io.kanthorq.spring.KanthorqSubscriber;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Refunds cancelled orders through a gateway that times out {@link #failuresOf} times per order first,
 * then publishes {@code refund.completed}.
 */
@Component
public class Refunds {

    private final Map<Long, Integer> failuresOf = new ConcurrentHashMap<>();

    private final Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final KanthorqPublisher publisher;

    Refunds(KanthorqPublisher publisher) {
        this.publisher = publisher;
    }

    /** Makes the gateway time out {@code times} times for {@code orderId} before it refunds it. */
    public void failFirst(long orderId, int times) {
        failuresOf.put(orderId, times);
    }

    /** Forgets the scripted failures and the calls made. */
    public void clear() {
        failuresOf.clear();
        calls.clear();
    }

    @KanthorqSubscriber(consumer = "refund_order")
    void refund(OrderCancelled cancelled, TaskContext task) {
        int call = calls.computeIfAbsent(cancelled.orderId(), id -> new AtomicInteger())
                .incrementAndGet();
        if (call <= failuresOf.getOrDefault(cancelled.orderId(), 0)) {
            throw new IllegalStateException("gateway timed out (call " + call + ")");
        }
        publisher.publish("order_update", "refund.completed", Map.of("orderId", cancelled.orderId()));
    }
}
