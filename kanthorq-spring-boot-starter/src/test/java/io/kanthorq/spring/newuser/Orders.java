package io.kanthorq.spring.newuser;

import io.kanthorq.spring.KanthorqPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Cancels orders; the event commits with the cancellation. */
@Service
class Orders {

    private final KanthorqPublisher publisher;

    Orders(KanthorqPublisher publisher) {
        this.publisher = publisher;
    }

    @Transactional
    void cancel(long id) {
        publisher.publish("order_update", "order.cancelled", new OrderCancelled(id));
    }
}
