package io.kanthorq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.Event;
import io.kanthorq.core.TaskContext;
import io.kanthorq.core.observation.KanthorqProcessContext;
import io.kanthorq.core.observation.KanthorqPublishContext;
import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.spring.test.Databases;
import io.kanthorq.spring.test.DropSchemasAfterContext;
import io.kanthorq.spring.test.Received;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
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

/**
 * With an ObservationRegistry bean, the starter observes publishes and handler attempts on it, and the
 * trace context a publish writes (here by a stand-in for a tracing handler) reaches the handler's attempt.
 */
@ExtendWith(DropSchemasAfterContext.class)
@SpringBootTest(
        classes = TracingTest.App.class,
        properties = {
            "spring.flyway.enabled=false",
            "kanthorq.consumers.traced.stream=order_update",
            "kanthorq.consumers.traced.poll-interval=100ms"
        })
@DirtiesContext
class TracingTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final TestSchema schema = TestDatabase.newSchema(4);
    static final Queue<String> received = new ConcurrentLinkedQueue<>();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Databases.register(registry, schema);
    }

    @Autowired
    KanthorqPublisher publisher;

    @Autowired
    Traced traced;

    @Test
    void thePublishStoresTheTraceContextAndTheHandlersAttemptContinuesIt() {
        Event event = publisher.publish("order_update", "order.created", "x");

        assertThat(event.metadata()).containsEntry("traceparent", TRACEPARENT);
        await().atMost(Duration.ofSeconds(10)).until(() -> !traced.tasks.all().isEmpty());
        assertThat(traced.tasks.all().get(0).event().metadata()).containsEntry("traceparent", TRACEPARENT);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("process:" + TRACEPARENT));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
        @Bean
        ObservationRegistry observationRegistry() {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(new ObservationHandler<>() {
                @Override
                public void onStart(Observation.Context context) {
                    if (context instanceof KanthorqPublishContext publish) {
                        publish.getSetter().set(publish.getCarrier(), "traceparent", TRACEPARENT);
                    } else if (context instanceof KanthorqProcessContext process) {
                        received.add("process:" + process.getGetter().get(process.getCarrier(), "traceparent"));
                    }
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }
            });
            return registry;
        }

        @Bean
        Traced traced() {
            return new Traced();
        }
    }

    static class Traced {
        final Received<TaskContext> tasks = new Received<>();

        @KanthorqSubscriber(consumer = "traced")
        void on(TaskContext task) {
            tasks.add(task);
        }
    }
}
