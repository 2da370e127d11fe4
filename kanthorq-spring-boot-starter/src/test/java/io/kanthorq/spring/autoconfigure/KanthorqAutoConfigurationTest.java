package io.kanthorq.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanthorq.core.Backoff;
import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.core.Event;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.KanthorqException;
import io.kanthorq.core.NewEvent;
import io.kanthorq.core.PublishOptions;
import io.kanthorq.core.StartFrom;
import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.spring.KanthorqPublisher;
import io.kanthorq.spring.KanthorqSubscriber;
import io.kanthorq.spring.health.KanthorqHealthContributor;
import io.kanthorq.spring.metrics.KanthorqMetrics;
import io.kanthorq.spring.runtime.KanthorqTopology;
import io.kanthorq.spring.runtime.KanthorqWorkers;
import io.kanthorq.spring.support.JacksonPayloadCodec;
import io.kanthorq.spring.support.PayloadCodec;
import io.kanthorq.spring.test.Databases;
import io.kanthorq.spring.test.OrderCancelled;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** Auto-configuration conditions and property binding, with contexts over a real PostgreSQL schema. */
class KanthorqAutoConfigurationTest {

    private static final TestSchema schema = TestDatabase.newSchema(4);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    DataSourceAutoConfiguration.class, JacksonAutoConfiguration.class, KanthorqAutoConfiguration.class))
            .withPropertyValues(Databases.datasource(schema));

    @AfterAll
    static void dropSchema() {
        schema.close();
    }

    @Test
    void bindsEveryConsumerPropertyAndRegistersIt() {
        runner.withPropertyValues(
                        "kanthorq.shutdown-timeout=7s",
                        "kanthorq.max-body-size=2KB",
                        "kanthorq.streams.audit_log=",
                        "kanthorq.consumers.refund_order.stream=order_update",
                        "kanthorq.consumers.refund_order.subjects=order.cancelled,order.*.refunded",
                        "kanthorq.consumers.refund_order.exclude-subjects=order.test.>",
                        "kanthorq.consumers.refund_order.attempt-max=10",
                        "kanthorq.consumers.refund_order.visibility-timeout=90s",
                        "kanthorq.consumers.refund_order.concurrency=8",
                        "kanthorq.consumers.refund_order.batch-size=20",
                        "kanthorq.consumers.refund_order.poll-interval=250ms",
                        "kanthorq.consumers.refund_order.backoff.initial=2s",
                        "kanthorq.consumers.refund_order.backoff.multiplier=3",
                        "kanthorq.consumers.refund_order.backoff.max=10m",
                        "kanthorq.consumers.refund_order.start-from=latest",
                        "kanthorq.consumers.refund_order.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    KanthorqTopology topology = context.getBean(KanthorqTopology.class);
                    var consumer = topology.consumer("refund_order").orElseThrow();
                    var definition = consumer.definition();
                    assertThat(definition.stream()).isEqualTo("order_update");
                    assertThat(definition.subjects()).containsExactly("order.cancelled", "order.*.refunded");
                    assertThat(definition.excludeSubjects()).containsExactly("order.test.>");
                    assertThat(definition.attemptMax()).isEqualTo(10);
                    assertThat(definition.visibilityTimeout()).isEqualTo(Duration.ofSeconds(90));
                    assertThat(definition.backoff())
                            .isEqualTo(new Backoff(Duration.ofSeconds(2), 3.0, Duration.ofMinutes(10)));
                    assertThat(definition.startFrom()).isEqualTo(StartFrom.LATEST);
                    assertThat(consumer.workerOptions().concurrency()).isEqualTo(8);
                    assertThat(consumer.workerOptions().batchSize()).isEqualTo(20);
                    assertThat(consumer.workerOptions().pollInterval()).isEqualTo(Duration.ofMillis(250));
                    assertThat(consumer.workerOptions().shutdownTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(consumer.workerEnabled()).isFalse();
                    assertThat(topology.streams()).containsExactly("audit_log", "order_update");
                    assertThat(context.getBean(Kanthorq.class).publisher().maxBodySize())
                            .isEqualTo(2048);

                    // registered with these settings, before anything else could use them
                    assertThat(Databases.count(
                                    schema,
                                    "SELECT count(*) FROM kanthorq_consumer_registry WHERE name ="
                                            + " 'refund_order' AND attempt_max = 10 AND visibility_timeout_ms = 90000"
                                            + " AND backoff_initial_ms = 2000 AND backoff_multiplier = 3 AND backoff_max_ms = 600000"
                                            + " AND subject_includes = '{order.cancelled,order.*.refunded}'"
                                            + " AND subject_excludes = '{order.test.>}'"))
                            .isEqualTo(1);
                    assertThat(Databases.tables(schema))
                            .contains(
                                    "kanthorq_stream_audit_log",
                                    "kanthorq_stream_order_update",
                                    "kanthorq_consumer_refund_order");
                });
    }

    @Test
    void declaresAStreamWithAnEmptyValue() {
        runner.withPropertyValues("kanthorq.streams.empty_stream=").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(KanthorqTopology.class).declaredStreams())
                    .containsExactly("empty_stream");
        });
    }

    @Test
    void createsTheStarterBeans() {
        runner.run(context -> {
            assertThat(context)
                    .hasSingleBean(KanthorqProperties.class)
                    .hasSingleBean(Kanthorq.class)
                    .hasSingleBean(DefaultKanthorqPublisher.class)
                    .hasSingleBean(KanthorqWorkers.class)
                    .hasSingleBean(JacksonPayloadCodec.class)
                    .hasSingleBean(KanthorqHealthContributor.class)
                    .doesNotHaveBean(KanthorqMetrics.class);
            assertThat(context.getBean(PayloadCodec.class).encode(Map.of("id", 1)))
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("{\"id\":1}");
        });
    }

    @Test
    void workersCanBeSwitchedOffWhilePublishingKeepsWorking() {
        runner.withPropertyValues("kanthorq.workers.enabled=false", "kanthorq.consumers.publish_only.stream=outbox")
                .withBean(PublishOnlySubscriber.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Kanthorq.class).workers()).isEmpty();
                    assertThat(context.getBean(KanthorqPublisher.class)
                                    .publish("outbox", "mail.queued", "x")
                                    .id())
                            .isNotBlank();
                    assertThat(Databases.tables(schema)).contains("kanthorq_consumer_publish_only");
                });
    }

    @Test
    void aBeanPublishingWhileTheContextStartsFindsTheSchemaReady() {
        runner.withPropertyValues("kanthorq.streams.early=")
                .withUserConfiguration(EarlyPublisherConfiguration.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(Databases.count(schema, "SELECT count(*) FROM kanthorq_stream_early"))
                            .isEqualTo(1);
                });
    }

    @Test
    void findsSubscribersOfLazyBeans() {
        runner.withPropertyValues("kanthorq.consumers.lazy_handler.stream=lazy")
                .withBean(LazyInitializationBeanFactoryPostProcessor.class)
                .withBean(LazySubscriber.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Kanthorq.class).workers())
                            .singleElement()
                            .satisfies(worker -> assertThat(worker.consumer()).isEqualTo("lazy_handler"));
                });
    }

    @Test
    void writesJsonWithTheApplicationsJsonMapper() {
        runner.withBean(
                        JsonMapper.class,
                        () -> JsonMapper.builder()
                                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                                .build())
                .run(context -> assertThat(context.getBean(PayloadCodec.class).encode(new OrderCancelled(1, "late")))
                        .asString(StandardCharsets.UTF_8)
                        .isEqualTo("{\"order_id\":1,\"reason\":\"late\"}"));
    }

    @Test
    void userDefinedBeansWin() {
        KanthorqPublisher publisher = new KanthorqPublisher() {
            @Override
            public Event publish(String stream, String subject, Object payload, PublishOptions options) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<Event> publishAll(String stream, String subject, List<?> payloads, PublishOptions options) {
                throw new UnsupportedOperationException();
            }
        };
        PayloadCodec codec = new PayloadCodec() {
            @Override
            public boolean isAvailable() {
                return true;
            }

            @Override
            public byte[] encode(Object payload) {
                return "custom".getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public Object decode(byte[] body, Type type) {
                return null;
            }
        };
        runner.withBean("myPublisher", KanthorqPublisher.class, () -> publisher)
                .withBean("myCodec", PayloadCodec.class, () -> codec)
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .doesNotHaveBean(DefaultKanthorqPublisher.class)
                            .doesNotHaveBean(JacksonPayloadCodec.class);
                    assertThat(context.getBean(KanthorqPublisher.class)).isSameAs(publisher);
                    assertThat(context.getBean(PayloadCodec.class)).isSameAs(codec);
                });
    }

    @Test
    void aUserDefinedEngineWins() {
        try (Kanthorq own = Kanthorq.builder(ConnectionProvider.of(schema.dataSource()))
                .maxBodySize(10)
                .build()) {
            runner.withBean("myKanthorq", Kanthorq.class, () -> own, definition -> definition.setDestroyMethodName(""))
                    .run(context -> assertThat(context.getBean(Kanthorq.class)).isSameAs(own));
        }
    }

    @Test
    void disabledCreatesNoKanthorqBeans() {
        runner.withPropertyValues("kanthorq.enabled=false", "kanthorq.consumers.never_registered.stream=never_created")
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .doesNotHaveBean(KanthorqProperties.class)
                            .doesNotHaveBean(Kanthorq.class)
                            .doesNotHaveBean(KanthorqPublisher.class)
                            .doesNotHaveBean(KanthorqWorkers.class);
                    assertThat(Databases.tables(schema))
                            .doesNotContain("kanthorq_stream_never_created", "kanthorq_consumer_never_registered");
                });
    }

    @Test
    void withoutADataSourceCreatesNoKanthorqBeans() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KanthorqAutoConfiguration.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(KanthorqProperties.class)
                        .doesNotHaveBean(Kanthorq.class)
                        .doesNotHaveBean(KanthorqPublisher.class));
    }

    @Test
    void bindsMetricsWhenAMeterRegistryExists() {
        runner.withPropertyValues("kanthorq.consumers.emails.stream=orders", "kanthorq.consumers.emails.enabled=false")
                .withBean(SimpleMeterRegistry.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(KanthorqMetrics.class);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("kanthorq.tasks.completed")
                                    .tag("consumer", "emails")
                                    .tag("stream", "orders")
                                    .counter()
                                    .count())
                            .isZero();
                    assertThat(registry.get("kanthorq.tasks.ready")
                                    .tag("consumer", "emails")
                                    .gauge()
                                    .value())
                            .isZero();
                    assertThat(registry.get("kanthorq.events.published")
                                    .tag("stream", "orders")
                                    .counter()
                                    .count())
                            .isZero();
                });
    }

    @Test
    void toleratesMissingMicrometer() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(Kanthorq.class)
                        .doesNotHaveBean(KanthorqMetrics.class));
    }

    @Test
    void toleratesMissingActuatorHealth() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(Kanthorq.class)
                        .doesNotHaveBean(KanthorqHealthContributor.class));
    }

    @Test
    void observationsCanBeSwitchedOffThoughTheApplicationObserves() {
        List<String> started = new CopyOnWriteArrayList<>();
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
            @Override
            public void onStart(Observation.Context context) {
                started.add(context.getName());
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        runner.withBean(ObservationRegistry.class, () -> registry)
                .withPropertyValues("kanthorq.streams.plain=")
                .run(context -> {
                    context.getBean(Kanthorq.class).publisher().publish("plain", NewEvent.of("a.b", "1"));
                    assertThat(started).contains("kanthorq.publish");
                });
        started.clear();
        runner.withBean(ObservationRegistry.class, () -> registry)
                .withPropertyValues("kanthorq.streams.plain=", "kanthorq.observations.enabled=false")
                .run(context -> {
                    Event event = context.getBean(Kanthorq.class).publisher().publish("plain", NewEvent.of("a.b", "2"));
                    assertThat(started).isEmpty();
                    assertThat(event.metadata()).isEmpty();
                });
    }

    @Test
    void healthContributorCanBeSwitchedOff() {
        runner.withPropertyValues("management.health.kanthorq.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(KanthorqHealthContributor.class));
    }

    @Test
    void withoutJacksonStringsPublishAndObjectsFailClearly() {
        runner.withClassLoader(new FilteredClassLoader(JsonMapper.class))
                .withPropertyValues("kanthorq.streams.plain=")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(JacksonPayloadCodec.class);
                    KanthorqPublisher publisher = context.getBean(KanthorqPublisher.class);
                    assertThat(publisher.publish("plain", "note.added", "hello").bodyAsString())
                            .isEqualTo("hello");
                    assertThatThrownBy(() -> publisher.publish("plain", "note.added", Map.of("id", 1)))
                            .isInstanceOf(KanthorqException.class)
                            .hasMessageContaining("Jackson 3")
                            .hasMessageContaining("publish a String or byte[]");
                });
    }

    static class PublishOnlySubscriber {
        @KanthorqSubscriber(consumer = "publish_only")
        void on(String body) {}
    }

    static class LazySubscriber {
        @KanthorqSubscriber(consumer = "lazy_handler")
        void on(String body) {}
    }

    /** Publishes from a bean factory method, before the context has finished starting. */
    @Configuration(proxyBeanMethods = false)
    static class EarlyPublisherConfiguration {
        @Bean
        String earlyPublication(KanthorqPublisher publisher) {
            return publisher.publish("early", "app.starting", "hello").id();
        }
    }
}
