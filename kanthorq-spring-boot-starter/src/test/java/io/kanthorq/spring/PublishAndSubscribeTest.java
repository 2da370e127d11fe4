package io.kanthorq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.Event;
import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.TaskContext;
import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.spring.test.Databases;
import io.kanthorq.spring.test.DropSchemasAfterContext;
import io.kanthorq.spring.test.OrderCancelled;
import io.kanthorq.spring.test.Received;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Transactional;

/** Payloads published through {@link KanthorqPublisher} reach {@code @KanthorqSubscriber} methods, bound by type. */
@ExtendWith(DropSchemasAfterContext.class) // first: drops the schema after the context below is closed
@SpringBootTest(
        classes = PublishAndSubscribeTest.App.class,
        properties = {
            "spring.flyway.enabled=false",
            "test.typed-consumer=typed_handler",
            "kanthorq.consumers.typed_handler.stream=order_update",
            "kanthorq.consumers.typed_handler.subjects=order.cancelled",
            "kanthorq.consumers.typed_handler.poll-interval=100ms",
            "kanthorq.consumers.string_handler.stream=order_update",
            "kanthorq.consumers.string_handler.subjects=note.*",
            "kanthorq.consumers.string_handler.poll-interval=100ms",
            "kanthorq.consumers.bytes_handler.stream=order_update",
            "kanthorq.consumers.bytes_handler.subjects=blob.>",
            "kanthorq.consumers.bytes_handler.poll-interval=100ms",
            "kanthorq.consumers.event_handler.stream=order_update",
            "kanthorq.consumers.event_handler.subjects=meta.*",
            "kanthorq.consumers.event_handler.poll-interval=100ms"
        })
@DirtiesContext
class PublishAndSubscribeTest {

    private static final TestSchema schema = TestDatabase.newSchema(4);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Databases.register(registry, schema);
    }

    @Autowired
    KanthorqPublisher publisher;

    @Autowired
    TypedSubscriber typed;

    @Autowired
    RawSubscribers raw;

    @Test
    void aTypedPayloadReachesTheAnnotatedMethodWithItsTaskContext() {
        Event published = publisher.publish("order_update", "order.cancelled", new OrderCancelled(42, "customer"));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> typed.received().all().stream()
                        .anyMatch(t -> t.event().id().equals(published.id())));
        TaskContext task = typed.received().all().stream()
                .filter(t -> t.event().id().equals(published.id()))
                .findFirst()
                .orElseThrow();
        assertThat(typed.payloads().all()).contains(new OrderCancelled(42, "customer"));
        assertThat(task.consumer()).isEqualTo("typed_handler");
        assertThat(task.attempt()).isEqualTo(1);
        assertThat(published.bodyAsString()).isEqualTo("{\"orderId\":42,\"reason\":\"customer\"}");
    }

    @Test
    void subscribersWorkBehindAnAopProxy() {
        assertThat(AopUtils.isAopProxy(typed)).isTrue();
    }

    @Test
    void publishAllDeliversEveryPayload() {
        List<Event> events = publisher.publishAll(
                "order_update",
                "order.cancelled",
                List.of(new OrderCancelled(1, "a"), new OrderCancelled(2, "b"), new OrderCancelled(3, "c")));

        assertThat(events).hasSize(3);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(typed.payloads().all())
                        .contains(new OrderCancelled(1, "a"), new OrderCancelled(2, "b"), new OrderCancelled(3, "c")));
    }

    @Test
    void stringBytesAndEventParametersGetTheBodyAsIs() {
        publisher.publish("order_update", "note.added", "héllo");
        publisher.publish("order_update", "blob.image.png", new byte[] {1, 2, 3});
        Event withMetadata = publisher.publish("order_update", "meta.tagged", "{}", Map.of("correlation", "c-1"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(raw.strings.all()).contains("héllo");
            assertThat(raw.bytes.all()).anySatisfy(b -> assertThat(b).containsExactly(1, 2, 3));
            assertThat(raw.events.all()).anySatisfy(e -> {
                assertThat(e.id()).isEqualTo(withMetadata.id());
                assertThat(e.subject()).isEqualTo("meta.tagged");
                assertThat(e.metadata()).containsEntry("correlation", "c-1");
            });
        });
    }

    @Test
    void publishingToAnUndeclaredStreamFailsBeforeAnySql() throws Exception {
        assertThatThrownBy(() -> publisher.publish("not_declared", "order.cancelled", "x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("stream 'not_declared'")
                .hasMessageContaining("kanthorq.streams.not_declared");
        assertThatThrownBy(() -> publisher.publish("Not-A-Name", "order.cancelled", "x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'Not-A-Name'");
        assertThat(Databases.tables(schema)).doesNotContain("kanthorq_stream_not_declared");
    }

    @Test
    void anInvalidSubjectOrNullPayloadFailsClearly() {
        assertThatThrownBy(() -> publisher.publish("order_update", "order..cancelled", "x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'order..cancelled'");
        assertThatThrownBy(() -> publisher.publish("order_update", "order.cancelled", null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("payload");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({TypedSubscriber.class, RawSubscribers.class})
    static class App {}

    /** Transactional, hence proxied: discovery must look through the proxy and invoke through it. */
    @Transactional
    static class TypedSubscriber {
        private final Received<TaskContext> received = new Received<>();
        private final Received<OrderCancelled> payloads = new Received<>();

        // accessors, not fields: the test holds the proxy, whose own fields are empty
        public Received<TaskContext> received() {
            return received;
        }

        public Received<OrderCancelled> payloads() {
            return payloads;
        }

        @KanthorqSubscriber(consumer = "${test.typed-consumer}")
        public void on(OrderCancelled payload, TaskContext task) {
            payloads.add(payload);
            received.add(task);
        }
    }

    static class RawSubscribers {
        final Received<String> strings = new Received<>();
        final Received<byte[]> bytes = new Received<>();
        final Received<Event> events = new Received<>();

        @KanthorqSubscriber(consumer = "string_handler")
        void onString(String body) {
            strings.add(body);
        }

        @KanthorqSubscriber(consumer = "bytes_handler")
        void onBytes(byte[] body) {
            bytes.add(body);
        }

        @KanthorqSubscriber(consumer = "event_handler")
        void onEvent(Event event) {
            events.add(event);
        }
    }
}
