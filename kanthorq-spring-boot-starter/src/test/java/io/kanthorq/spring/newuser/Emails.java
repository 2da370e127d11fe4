package io.kanthorq.spring.newuser;

import io.kanthorq.spring.KanthorqSubscriber;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** Sends cancellation emails (here: remembers them, so the test can see them). */
@Component
class Emails {

    final List<Long> sent = new CopyOnWriteArrayList<>();

    @KanthorqSubscriber(consumer = "send_cancellation_email")
    void on(OrderCancelled payload) {
        sent.add(payload.orderId());
    }
}
