package io.kanthorq.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanthorq.core.Backoff;
import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.spring.runtime.KanthorqTopology;
import io.kanthorq.spring.runtime.KanthorqTopology.ConsumerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

/** The YAML users write (DESIGN.md §5) binds as documented, including stream declarations without settings. */
@ExtendWith(OutputCaptureExtension.class)
class KanthorqPropertiesYamlTest {

    @Test
    void bindsTheDocumentedConsumerExample() throws IOException {
        KanthorqProperties properties = bind("""
                kanthorq:
                  consumers:
                    send_cancellation_email:
                      stream: order_update
                      subjects: [order.cancelled]        # NATS wildcards * and > allowed
                      exclude-subjects: []
                      attempt-max: 3
                      visibility-timeout: 5m
                      concurrency: 4
                      backoff: { initial: 1s, multiplier: 2.0, max: 1h }
                """);

        KanthorqTopology.ConsumerSettings consumer = TopologyFactory.create(properties, new HandlerThreads(false))
                .consumer("send_cancellation_email")
                .orElseThrow();
        assertThat(consumer.stream()).isEqualTo("order_update");
        assertThat(consumer.definition().subjects()).containsExactly("order.cancelled");
        assertThat(consumer.definition().excludeSubjects()).isEmpty();
        assertThat(consumer.definition().attemptMax()).isEqualTo(3);
        assertThat(consumer.definition().visibilityTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(consumer.definition().backoff()).isEqualTo(Backoff.DEFAULT);
        assertThat(consumer.workerOptions().concurrency()).isEqualTo(4);
    }

    @Test
    void declaresStreamsWrittenWithEmptyOrNullValues() throws IOException {
        KanthorqProperties properties = bind("""
                kanthorq:
                  streams:
                    audit_log: {}
                    payments:
                    invoices: ~
                """);

        assertThat(properties.getStreams()).containsOnlyKeys("audit_log", "payments", "invoices");
    }

    @Test
    void consumerDefaultsFillWhatEachConsumerLeavesOutAndBracketKeysOverrideThem() throws IOException {
        StandardEnvironment environment = environment("""
                kanthorq:
                  consumer-defaults:
                    stream: order_update
                    subjects: [order.>]
                    attempt-max: 5
                    backoff: { initial: 2s, max: 10m }
                  consumers:
                    send_email: { subjects: [email.*] }
                    refund_order:
                      backoff: { max: 1m }
                """);
        // a higher-precedence source in bracket notation, as system properties or arguments are written
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("args", Map.of("kanthorq.consumers[refund_order].attempt-max", "9")));
        Binder binder = Binder.get(environment);
        KanthorqProperties properties =
                binder.bind("kanthorq", KanthorqProperties.class).get();

        KanthorqTopology topology =
                TopologyFactory.create(properties, binder, Map.of(), new HandlerThreads(false), List.of());

        ConsumerDefinition email = topology.consumer("send_email").orElseThrow().definition();
        assertThat(email.stream()).isEqualTo("order_update");
        assertThat(email.subjects()).containsExactly("email.*");
        assertThat(email.attemptMax()).isEqualTo(5);
        assertThat(email.backoff()).isEqualTo(new Backoff(Duration.ofSeconds(2), 2.0, Duration.ofMinutes(10)));
        ConsumerDefinition refund =
                topology.consumer("refund_order").orElseThrow().definition();
        assertThat(refund.subjects()).containsExactly("order.>");
        assertThat(refund.attemptMax()).isEqualTo(9);
        assertThat(refund.backoff()).isEqualTo(new Backoff(Duration.ofSeconds(2), 2.0, Duration.ofMinutes(1)));
    }

    @Test
    void environmentVariablesReachConsumersWhoseNamesHaveUnderscores(CapturedOutput output) throws IOException {
        StandardEnvironment environment = environment("""
                kanthorq:
                  consumers:
                    send_email: { stream: order_update }
                    audit: { stream: order_update }
                """);
        Map<String, Object> variables = Map.of(
                "KANTHORQ_CONSUMERS_SEND_EMAIL_ATTEMPTMAX", "7",
                "KANTHORQ_CONSUMERS_SEND_EMAIL_BACKOFF_INITIAL", "3s",
                "KANTHORQ_CONSUMERS_SEND_EMAIL_ATTEMPT_MAX", "8",
                "KANTHORQ_CONSUMERS_AUDIT_CONCURRENCY", "2",
                "KANTHORQ_CONSUMERS_REFUND_ORDER_STREAM", "payments");
        environment
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        Binder binder = Binder.get(environment);
        KanthorqProperties properties =
                binder.bind("kanthorq", KanthorqProperties.class).get();

        KanthorqTopology topology =
                TopologyFactory.create(properties, binder, variables, new HandlerThreads(false), List.of());

        ConsumerDefinition email = topology.consumer("send_email").orElseThrow().definition();
        assertThat(email.attemptMax()).isEqualTo(7);
        assertThat(email.backoff().initial()).isEqualTo(Duration.ofSeconds(3));
        // relaxed binding reads a name without '_' on its own
        assertThat(topology.consumer("audit").orElseThrow().workerOptions().concurrency())
                .isEqualTo(2);
        assertThat(topology.consumers())
                .extracting(ConsumerSettings::name)
                .containsExactlyInAnyOrder("send_email", "audit");
        assertThat(output)
                .contains(
                        "KANTHORQ_CONSUMERS_SEND_EMAIL_ATTEMPT_MAX is ignored: kanthorq.consumers[send_email].attempt.max"
                                + " is not a consumer property")
                .contains("KANTHORQ_CONSUMERS_REFUND_ORDER_STREAM is ignored: it names no configured consumer key")
                .contains("SPRING_APPLICATION_JSON")
                .doesNotContain("KANTHORQ_CONSUMERS_AUDIT_CONCURRENCY is ignored")
                .doesNotContain("KANTHORQ_CONSUMERS_SEND_EMAIL_ATTEMPTMAX is ignored");
    }

    private static KanthorqProperties bind(String yaml) throws IOException {
        return Binder.get(environment(yaml))
                .bind("kanthorq", KanthorqProperties.class)
                .get();
    }

    private static StandardEnvironment environment(String yaml) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader()
                .load("test.yml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
                .forEach(environment.getPropertySources()::addFirst);
        return environment;
    }
}
