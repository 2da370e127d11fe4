package io.kanthorq.test.spring.shop;

import io.kanthorq.core.Event;
import io.kanthorq.spring.KanthorqSubscriber;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** Sends a receipt for every completed refund and a cancellation email for every cancelled order. */
@Component
public class Receipts {

    /** The events handled, in order. */
    public final List<String> handled = new CopyOnWriteArrayList<>();

    @KanthorqSubscriber(consumer = "send_receipt")
    void receipt(Event event) {
        handled.add("receipt " + event.bodyAsString());
    }

    @KanthorqSubscriber(consumer = "send_cancellation_email")
    void email(OrderCancelled cancelled) {
        handled.add("email " + cancelled.orderId());
    }
}
