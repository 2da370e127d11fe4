package io.kanthorq.test.spring;

import static io.kanthorq.test.KanthorqAssertions.assertThat;

import io.kanthorq.spring.KanthorqPublisher;
import io.kanthorq.test.KanthorqTestKit;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * With {@link IsolationFirstTest}: two test classes sharing one cached context (and its database) each
 * see only the events their own test published, whichever runs first.
 */
@SpringBootTest(classes = io.kanthorq.test.spring.shop.ShopTestApplication.class)
@KanthorqTest
class IsolationSecondTest {

    @Autowired
    KanthorqTestKit kit;

    @Autowired
    KanthorqPublisher publisher;

    @RepeatedTest(2)
    void seesOnlyItsOwnEvent() {
        publisher.publish("order_update", "order.created", "{\"from\":\"second\"}");

        assertThat(kit.published())
                .hasEventCount("order_update", ">", 1)
                .hasEvent("order_update", "order.created", String.class)
                .matching(body -> body.contains("second"));
    }
}
