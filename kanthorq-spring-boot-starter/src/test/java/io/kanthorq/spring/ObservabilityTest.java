package io.kanthorq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.DiscardException;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.RetryLaterException;
import io.kanthorq.core.TaskContext;
import io.kanthorq.core.Worker;
import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.spring.health.KanthorqHealthContributor;
import io.kanthorq.spring.runtime.ConsumerBacklog;
import io.kanthorq.spring.runtime.KanthorqInitializer;
import io.kanthorq.spring.test.Databases;
import io.kanthorq.spring.test.DropSchemasAfterContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Micrometer meters and the {@code kanthorq} health contributor of a running application, with
 * Spring Boot's own metrics and health auto-configuration.
 */
@ExtendWith(DropSchemasAfterContext.class) // first: drops the schema after the context below is closed
@SpringBootTest(
        classes = ObservabilityTest.App.class,
        properties = {
            "spring.flyway.enabled=false",
            "kanthorq.consumers.served.stream=watched",
            "kanthorq.consumers.served.poll-interval=50ms",
            "kanthorq.consumers.parked.stream=watched",
            "kanthorq.consumers.parked.enabled=false",
            "management.endpoint.health.group.served-ready.include=kanthorq/consumers/served",
            "management.endpoint.health.group.parked-ready.include=kanthorq/consumers/parked"
        })
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityTest {

    private static final TestSchema schema = TestDatabase.newSchema(4);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Databases.register(registry, schema);
    }

    @Autowired
    KanthorqPublisher publisher;

    @Autowired
    MeterRegistry meters;

    @Autowired
    HealthContributorRegistry health;

    @Autowired
    HealthEndpoint endpoint;

    @Autowired
    Kanthorq kanthorq;

    @Test
    @Order(1)
    void metersCountOutcomesAndGaugesShowTheBacklog() {
        publisher.publish("watched", "job.ok", "1");
        publisher.publish("watched", "job.ok", "2");
        publisher.publish("watched", "job.bad", "3");
        publisher.publish("watched", "job.later", "4");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(counter("kanthorq.tasks.completed", "served")).isEqualTo(2.0);
            assertThat(counter("kanthorq.tasks.discarded", "served")).isEqualTo(1.0);
            assertThat(counter("kanthorq.tasks.retried", "served")).isEqualTo(1.0);
            assertThat(gauge("kanthorq.tasks.ready", "served")).isEqualTo(1.0); // the one retrying in an hour
            assertThat(gauge("kanthorq.events.unmoved", "served")).isZero();
        });
        // nothing runs the parked consumer here: its events wait in the stream
        assertThat(gauge("kanthorq.events.unmoved", "parked")).isEqualTo(4.0);
        assertThat(gauge("kanthorq.tasks.ready", "parked")).isZero();
        assertThat(meters.get("kanthorq.handler.duration")
                        .tags("consumer", "served", "outcome", "completed")
                        .timer()
                        .count())
                .isEqualTo(2);
        assertThat(meters.get("kanthorq.events.published")
                        .tag("stream", "watched")
                        .counter()
                        .count())
                .isEqualTo(4.0);
    }

    @Test
    @Order(2)
    void healthReportsTheDatabaseAndEachConsumersWorkerAndBacklog() {
        assertThat(health.getContributor("kanthorq")).isInstanceOf(KanthorqHealthContributor.class);

        assertThat(indicator("database").health().getStatus()).isEqualTo(Status.UP);
        Health served = indicator("consumers", "served").health();
        assertThat(served.getStatus()).isEqualTo(Status.UP);
        assertThat(served.getDetails())
                .containsEntry("stream", "watched")
                .containsEntry("worker", "running")
                .containsEntry("discarded", 1L)
                .containsEntry("ready", 1L);
        Health parked = indicator("consumers", "parked").health();
        assertThat(parked.getStatus()).isEqualTo(Status.UP);
        assertThat(parked.getDetails()).containsEntry("worker", "disabled").containsEntry("unmoved", 4L);
        assertThat(endpoint.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    @Order(3)
    void aStoppedWorkerTakesDownOnlyTheGroupsThatIncludeItsConsumer() {
        Worker served = kanthorq.workers().stream()
                .filter(w -> w.consumer().equals("served"))
                .findFirst()
                .orElseThrow();
        served.stop();

        assertThat(indicator("consumers", "served").health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(indicator("consumers", "parked").health().getStatus()).isEqualTo(Status.UP);
        assertThat(endpoint.healthForPath("kanthorq").getStatus()).isEqualTo(Status.DOWN);
        // management.endpoint.health.group.* below: one group per consumer
        assertThat(endpoint.healthForPath("served-ready").getStatus()).isEqualTo(Status.DOWN);
        assertThat(endpoint.healthForPath("parked-ready").getStatus()).isEqualTo(Status.UP);
    }

    private HealthIndicator indicator(String... path) {
        HealthContributor contributor = health.getContributor("kanthorq");
        for (String name : path) {
            contributor = ((CompositeHealthContributor) contributor).getContributor(name);
        }
        return (HealthIndicator) contributor;
    }

    private double counter(String name, String consumer) {
        return meters.get(name)
                .tags("consumer", consumer, "stream", "watched")
                .counter()
                .count();
    }

    private double gauge(String name, String consumer) {
        return meters.get(name)
                .tags("consumer", consumer, "stream", "watched")
                .gauge()
                .value();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Served.class)
    static class App {

        /** Fresh numbers on every read, so the test need not wait out the default cache interval. */
        @Bean
        ConsumerBacklog uncachedBacklog(Kanthorq kanthorq, KanthorqInitializer initializer) {
            return new ConsumerBacklog(kanthorq, initializer, Duration.ZERO);
        }
    }

    static class Served {
        @KanthorqSubscriber(consumer = "served")
        void on(TaskContext task) {
            switch (task.event().subject()) {
                case "job.bad" -> throw new DiscardException("bad job");
                case "job.later" -> throw new RetryLaterException(Duration.ofHours(1));
                default -> {}
            }
        }
    }
}
