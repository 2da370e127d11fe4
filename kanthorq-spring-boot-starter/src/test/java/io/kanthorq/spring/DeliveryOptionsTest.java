package io.kanthorq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.Event;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.Ordering;
import io.kanthorq.core.PublishOptions;
import io.kanthorq.core.TaskContext;
import io.kanthorq.core.management.ConsumerInfo;
import io.kanthorq.core.management.ScheduleInfo;
import io.kanthorq.core.schedule.RecurringPublisher;
import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.spring.test.Databases;
import io.kanthorq.spring.test.DropSchemasAfterContext;
import io.kanthorq.spring.test.Received;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Ordering, idempotency and recurring events configured through properties and used through the publisher. */
@ExtendWith(DropSchemasAfterContext.class)
@SpringBootTest(
        classes = DeliveryOptionsTest.App.class,
        properties = {
            "spring.flyway.enabled=false",
            "kanthorq.consumers.per_order.stream=order_update",
            "kanthorq.consumers.per_order.subjects=order.>",
            "kanthorq.consumers.per_order.ordering=key",
            "kanthorq.consumers.per_order.on-discard=continue",
            "kanthorq.consumers.per_order.poll-interval=100ms",
            "kanthorq.consumers.chained.stream=order_update",
            "kanthorq.consumers.chained.subjects=chain.start",
            "kanthorq.consumers.chained.poll-interval=100ms",
            "kanthorq.consumers.ticks.stream=clock",
            "kanthorq.consumers.ticks.poll-interval=100ms",
            "kanthorq.schedules.heartbeat.stream=clock",
            "kanthorq.schedules.heartbeat.subject=clock.tick",
            "kanthorq.schedules.heartbeat.cron=* * * * * *",
            "kanthorq.schedules.heartbeat.payload=beat"
        })
@DirtiesContext
class DeliveryOptionsTest {

    private static final TestSchema schema = TestDatabase.newSchema(4);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Databases.register(registry, schema);
    }

    @Autowired
    KanthorqPublisher publisher;

    @Autowired
    Kanthorq kanthorq;

    @Autowired
    Subscribers subscribers;

    @Autowired
    MeterRegistry meters;

    @Test
    void theConsumerIsRegisteredOrderedByKeyAndItsHandlerSeesTheKey() {
        ConsumerInfo info = kanthorq.management().consumer("per_order").orElseThrow();
        assertThat(info.ordering()).isEqualTo(Ordering.KEY);
        assertThat(info.onDiscard()).isEqualTo(io.kanthorq.core.OnDiscard.CONTINUE);

        publisher.publishAll(
                "order_update", "order.updated", List.of("1", "2", "3"), PublishOptions.DEFAULT.withKey("order-7"));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> subscribers.orders.all().size() == 3);
        assertThat(subscribers.orders.all())
                .extracting(t -> t.event().bodyAsString())
                .containsExactly("1", "2", "3");
        assertThat(subscribers.orders.all())
                .allSatisfy(t -> assertThat(t.event().orderingKey()).isEqualTo("order-7"));
    }

    @Test
    void whatASubscriberPublishesThroughKanthorqPublisherJoinsTheChainOfItsTask() {
        Event start = publisher.publish("order_update", "chain.start", "go");

        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        kanthorq.management().chain("order_update", start.id()).size() == 2);
        Event next = kanthorq.management().chain("order_update", start.id()).get(1);
        assertThat(next.subject()).isEqualTo("chain.next");
        assertThat(next.causationId()).isEqualTo(start.id());
        assertThat(next.correlationId()).isEqualTo(start.id());
    }

    @Test
    void anIdempotentRepeatReturnsTheFirstEventAndIsCounted() {
        PublishOptions once = PublishOptions.DEFAULT.withIdempotencyKey("refund-99");
        Event first = publisher.publish("order_update", "refund.requested", "first", once);
        Event again = publisher.publish("order_update", "refund.requested", "second", once);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.bodyAsString()).isEqualTo("first");
        assertThat(meters.get("kanthorq.events.idempotent.repeats")
                        .tag("stream", "order_update")
                        .functionCounter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void aScheduleFromPropertiesPublishesEverySecondAndIsListed() {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> subscribers.ticks.all().size() >= 2);

        TaskContext tick = subscribers.ticks.all().get(0);
        assertThat(tick.event().bodyAsString()).isEqualTo("beat");
        assertThat(tick.event().metadata()).containsEntry(RecurringPublisher.SCHEDULE_METADATA, "heartbeat");
        ScheduleInfo schedule = kanthorq.management().schedules().get(0);
        assertThat(schedule.trigger()).isEqualTo("cron * * * * * * in UTC");
        assertThat(schedule.lastTickAt()).isNotNull();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
        @Bean
        Subscribers subscribers() {
            return new Subscribers();
        }

        @Bean
        Chained chained(KanthorqPublisher publisher) {
            return new Chained(publisher);
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    static class Chained {
        private final KanthorqPublisher publisher;

        Chained(KanthorqPublisher publisher) {
            this.publisher = publisher;
        }

        @KanthorqSubscriber(consumer = "chained")
        void start(String body) {
            publisher.publish("order_update", "chain.next", "then");
        }
    }

    static class Subscribers {
        final Received<TaskContext> orders = new Received<>();
        final Received<TaskContext> ticks = new Received<>();

        @KanthorqSubscriber(consumer = "per_order")
        void order(String body, TaskContext task) {
            orders.add(task);
        }

        @KanthorqSubscriber(consumer = "ticks")
        void tick(String body, TaskContext task) {
            ticks.add(task);
        }
    }
}
