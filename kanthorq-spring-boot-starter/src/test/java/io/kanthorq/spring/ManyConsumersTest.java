package io.kanthorq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.Backoff;
import io.kanthorq.core.TaskContext;
import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.spring.runtime.KanthorqTopology;
import io.kanthorq.spring.runtime.KanthorqTopology.ConsumerSettings;
import io.kanthorq.spring.test.Databases;
import io.kanthorq.spring.test.DropSchemasAfterContext;
import io.kanthorq.spring.test.Received;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Thirty consumers configured through {@code kanthorq.consumer-defaults}, each setting only what it
 * changes, and served by three handler methods that repeat {@code @KanthorqSubscriber}.
 */
@ExtendWith(DropSchemasAfterContext.class) // first: drops the schema after the context below is closed
@SpringBootTest(
        classes = ManyConsumersTest.App.class,
        properties = {
            "spring.flyway.enabled=false",
            "kanthorq.consumer-defaults.stream=order_update",
            "kanthorq.consumer-defaults.subjects=order.>",
            "kanthorq.consumer-defaults.attempt-max=5",
            "kanthorq.consumer-defaults.concurrency=2",
            "kanthorq.consumer-defaults.poll-interval=100ms",
            "kanthorq.consumer-defaults.backoff.initial=2s"
        })
@DirtiesContext
class ManyConsumersTest {

    private static final TestSchema schema = TestDatabase.newSchema(10);

    @DynamicPropertySource
    static void thirtyConsumers(DynamicPropertyRegistry registry) {
        Databases.register(registry, schema);
        for (int i = 1; i <= 10; i++) {
            String n = String.format("%02d", i);
            registry.add("kanthorq.consumers.email_" + n + ".subjects", () -> "email.*");
            registry.add("kanthorq.consumers.refund_" + n + ".attempt-max", () -> "9");
            registry.add("kanthorq.consumers.audit_" + n + ".stream", () -> "audit_log");
            registry.add("kanthorq.consumers.audit_" + n + ".concurrency", () -> "1");
        }
    }

    @Autowired
    KanthorqTopology topology;

    @Autowired
    KanthorqPublisher publisher;

    @Autowired
    Handlers handlers;

    @Test
    void eachConsumerTakesTheDefaultsAndKeepsWhatItOverrides() {
        assertThat(topology.consumers()).hasSize(30);
        Backoff backoff = new Backoff(Duration.ofSeconds(2), Backoff.DEFAULT.multiplier(), Backoff.DEFAULT.max());
        for (ConsumerSettings consumer : topology.consumers()) {
            assertThat(consumer.definition().backoff()).as(consumer.name()).isEqualTo(backoff);
            assertThat(consumer.workerOptions().pollInterval())
                    .as(consumer.name())
                    .isEqualTo(Duration.ofMillis(100));
        }
        assertThat(settings("email")).allSatisfy(c -> {
            assertThat(c.stream()).isEqualTo("order_update");
            assertThat(c.definition().subjects()).containsExactly("email.*");
            assertThat(c.definition().attemptMax()).isEqualTo(5);
            assertThat(c.workerOptions().concurrency()).isEqualTo(2);
        });
        assertThat(settings("refund")).allSatisfy(c -> {
            assertThat(c.definition().subjects()).containsExactly("order.>");
            assertThat(c.definition().attemptMax()).isEqualTo(9);
        });
        assertThat(settings("audit")).allSatisfy(c -> {
            assertThat(c.stream()).isEqualTo("audit_log");
            assertThat(c.workerOptions().concurrency()).isEqualTo(1);
            assertThat(c.definition().attemptMax()).isEqualTo(5);
        });
    }

    @Test
    void threeMethodsServeAllThirtyConsumersAndTellThemApart() {
        publisher.publish("order_update", "email.sent", "e");
        publisher.publish("order_update", "order.created", "o");
        publisher.publish("audit_log", "order.created", "a");

        await().atMost(Duration.ofSeconds(20)).until(() -> handlers.tasks.all().size() >= 30);
        // email_* read email.sent, refund_* order.created on order_update, audit_* the audit_log event
        List<String> expected = IntStream.rangeClosed(1, 10)
                .boxed()
                .flatMap(i -> {
                    String n = String.format("%02d", i);
                    return List.of("email_" + n + "/e", "refund_" + n + "/o", "audit_" + n + "/a").stream();
                })
                .toList();
        assertThat(handlers.tasks.all())
                .extracting(task -> task.consumer() + "/" + task.event().bodyAsString())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private List<ConsumerSettings> settings(String prefix) {
        List<ConsumerSettings> matching = topology.consumers().stream()
                .filter(c -> c.name().startsWith(prefix + "_"))
                .toList();
        assertThat(matching).hasSize(10);
        return matching;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Handlers.class)
    static class App {}

    static class Handlers {
        final Received<TaskContext> tasks = new Received<>();

        @KanthorqSubscriber(consumer = "email_01")
        @KanthorqSubscriber(consumer = "email_02")
        @KanthorqSubscriber(consumer = "email_03")
        @KanthorqSubscriber(consumer = "email_04")
        @KanthorqSubscriber(consumer = "email_05")
        @KanthorqSubscriber(consumer = "email_06")
        @KanthorqSubscriber(consumer = "email_07")
        @KanthorqSubscriber(consumer = "email_08")
        @KanthorqSubscriber(consumer = "email_09")
        @KanthorqSubscriber(consumer = "email_10")
        void emails(String body, TaskContext task) {
            tasks.add(task);
        }

        @KanthorqSubscriber(consumer = "refund_01")
        @KanthorqSubscriber(consumer = "refund_02")
        @KanthorqSubscriber(consumer = "refund_03")
        @KanthorqSubscriber(consumer = "refund_04")
        @KanthorqSubscriber(consumer = "refund_05")
        @KanthorqSubscriber(consumer = "refund_06")
        @KanthorqSubscriber(consumer = "refund_07")
        @KanthorqSubscriber(consumer = "refund_08")
        @KanthorqSubscriber(consumer = "refund_09")
        @KanthorqSubscriber(consumer = "refund_10")
        void refunds(String body, TaskContext task) {
            tasks.add(task);
        }

        @KanthorqSubscriber(consumer = "audit_01")
        @KanthorqSubscriber(consumer = "audit_02")
        @KanthorqSubscriber(consumer = "audit_03")
        @KanthorqSubscriber(consumer = "audit_04")
        @KanthorqSubscriber(consumer = "audit_05")
        @KanthorqSubscriber(consumer = "audit_06")
        @KanthorqSubscriber(consumer = "audit_07")
        @KanthorqSubscriber(consumer = "audit_08")
        @KanthorqSubscriber(consumer = "audit_09")
        @KanthorqSubscriber(consumer = "audit_10")
        void audits(String body, TaskContext task) {
            tasks.add(task);
        }
    }
}
