package io.kanthorq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.TaskContext;
import io.kanthorq.core.WorkerOptions;
import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.spring.runtime.KanthorqTopology;
import io.kanthorq.spring.test.Databases;
import io.kanthorq.spring.test.DropSchemasAfterContext;
import io.kanthorq.spring.test.Received;
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

/**
 * Consumers generated in code by a {@link KanthorqConsumers} bean are registered and worked like
 * configured ones, each by its own handler, with the worker settings of {@code consumer-defaults}
 * unless it brings its own.
 */
@ExtendWith(DropSchemasAfterContext.class) // first: drops the schema after the context below is closed
@SpringBootTest(
        classes = DeclaredConsumersTest.App.class,
        properties = {
            "spring.flyway.enabled=false",
            "kanthorq.consumer-defaults.concurrency=3",
            "kanthorq.consumer-defaults.poll-interval=100ms"
        })
@DirtiesContext
class DeclaredConsumersTest {

    private static final TestSchema schema = TestDatabase.newSchema(6);
    private static final List<String> TENANTS = List.of("acme", "globex", "initech");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Databases.register(registry, schema);
    }

    @Autowired
    KanthorqTopology topology;

    @Autowired
    KanthorqPublisher publisher;

    @Autowired
    App app;

    @Test
    void eachGeneratedConsumerReceivesItsOwnEventsThroughItsHandler() {
        for (String tenant : TENANTS) {
            publisher.publish("billing", "invoice." + tenant + ".created", tenant);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> app.received.all().size() >= 3);
        assertThat(app.received.all())
                .extracting(task -> task.consumer() + "/" + task.event().bodyAsString())
                .containsExactlyInAnyOrder("invoice_acme/acme", "invoice_globex/globex", "invoice_initech/initech");
    }

    @Test
    void workerSettingsComeFromConsumerDefaultsUnlessDeclared() {
        assertThat(topology.consumer("invoice_acme")
                        .orElseThrow()
                        .workerOptions()
                        .concurrency())
                .isEqualTo(3);
        assertThat(topology.consumer("invoice_initech")
                        .orElseThrow()
                        .workerOptions()
                        .concurrency())
                .isEqualTo(1);
        assertThat(topology.declaredHandler("invoice_acme")).isPresent();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
        final Received<TaskContext> received = new Received<>();

        @Bean
        KanthorqConsumers tenantConsumers() {
            return consumers -> {
                for (String tenant : TENANTS) {
                    ConsumerDefinition definition = ConsumerDefinition.builder("invoice_" + tenant, "billing")
                            .subjects("invoice." + tenant + ".>")
                            .build();
                    if (tenant.equals("initech")) {
                        consumers.add(
                                definition,
                                WorkerOptions.DEFAULT.withConcurrency(1).withPollInterval(Duration.ofMillis(100)),
                                received::add);
                    } else {
                        consumers.add(definition, received::add);
                    }
                }
            };
        }
    }
}
