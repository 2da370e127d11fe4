package io.kanthorq.test;

import static io.kanthorq.core.TaskState.COMPLETED;
import static io.kanthorq.core.TaskState.RETRYABLE;
import static io.kanthorq.test.KanthorqAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.kanthorq.core.Backoff;
import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.Event;
import io.kanthorq.core.NewEvent;
import io.kanthorq.core.Ordering;
import io.kanthorq.core.PublishOptions;
import io.kanthorq.core.TaskHandler;
import io.kanthorq.core.testsupport.EngineTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The test kit over a core (non-Spring) engine: drains keep ordering keys, and the mark isolates tests. */
class CoreApplicationKitTest extends EngineTest {

    private final List<String> handled = new CopyOnWriteArrayList<>();
    private KanthorqTestKit kit;

    @BeforeEach
    void registerAnOrderedConsumer() {
        kanthorq.registrar()
                .registerConsumer(ConsumerDefinition.builder("ship_order", STREAM)
                        .subjects("order.>")
                        .ordering(Ordering.KEY)
                        .attemptMax(5)
                        .backoff(new Backoff(Duration.ofHours(1), 2.0, Duration.ofHours(4)))
                        .build());
        TaskHandler handler = task -> {
            String body = task.event().bodyAsString();
            handled.add(body);
            if (body.equals("paid-1") && task.attempt() == 1) {
                throw new IllegalStateException("warehouse offline");
            }
        };
        kit = KanthorqTestKit.of(kanthorq, Map.of("ship_order", handler));
    }

    @Test
    void aFailingTaskHoldsItsKeyAndTheRestRunInOrderOnceItsRetryRuns() {
        publish("order.created", "created-1", "1");
        publish("order.paid", "paid-1", "1");
        publish("order.shipped", "shipped-1", "1");
        publish("order.created", "created-2", "2");

        // key 1 stops at its failing task, key 2 runs (the two keys' tasks may interleave)
        assertThat(kit.drain("ship_order").states()).containsExactlyInAnyOrder(COMPLETED, RETRYABLE, COMPLETED);
        assertThat(ofKey("1")).containsExactly("created-1", "paid-1");
        assertThat(handled).contains("created-2");

        assertThat(kit.drainRetrying("ship_order")).hasOutcomes("ship_order", COMPLETED, COMPLETED);
        assertThat(ofKey("1")).containsExactly("created-1", "paid-1", "paid-1", "shipped-1");
    }

    private List<String> ofKey(String key) {
        return handled.stream().filter(body -> body.endsWith("-" + key)).toList();
    }

    @Test
    void publishedShowsOnlyWhatCameAfterTheMarkWithKeys() {
        publish("order.created", "before", "1");
        kit.reset();
        Event after = publish("order.created", "after", "2");

        assertThat(kit.published()).hasEventCount(STREAM, ">", 1);
        assertThat(kit.published())
                .hasEvent(STREAM, "order.created", String.class)
                .matching("after"::equals)
                .withKey("2")
                .withCorrelationId(after.id())
                .once();
    }

    private Event publish(String subject, String body, String key) {
        return kanthorq.publisher().publish(STREAM, NewEvent.of(subject, body), PublishOptions.DEFAULT.withKey(key));
    }
}
