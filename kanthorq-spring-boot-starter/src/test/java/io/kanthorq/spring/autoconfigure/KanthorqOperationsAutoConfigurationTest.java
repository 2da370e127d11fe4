package io.kanthorq.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.NewEvent;
import io.kanthorq.core.management.Management;
import io.kanthorq.core.retention.RetentionPolicy;
import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.spring.metrics.KanthorqRetentionMetrics;
import io.kanthorq.spring.runtime.KanthorqRetention;
import io.kanthorq.spring.test.Databases;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The management bean, and retention scheduled from kanthorq.retention.* with its counters. */
class KanthorqOperationsAutoConfigurationTest {

    private static final TestSchema schema = TestDatabase.newSchema(6);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    DataSourceAutoConfiguration.class,
                    KanthorqAutoConfiguration.class,
                    KanthorqOperationsAutoConfiguration.class))
            .withPropertyValues(Databases.datasource(schema))
            .withPropertyValues("kanthorq.workers.enabled=false", "kanthorq.consumers.ops_audit.stream=ops_stream");

    @AfterAll
    static void dropSchema() {
        schema.close();
    }

    @Test
    void exposesTheManagementApiAndSchedulesNoRetentionByDefault() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Management.class))
                    .isSameAs(context.getBean(Kanthorq.class).management());
            assertThat(context.getBean(Management.class).consumer("ops_audit")).isPresent();
            assertThat(context).doesNotHaveBean(KanthorqRetention.class);
            assertThat(context).doesNotHaveBean(KanthorqRetentionMetrics.class);
        });
    }

    @Test
    void backsOffWithoutAKanthorqEngine() {
        runner.withPropertyValues("kanthorq.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Management.class));
    }

    @Test
    void schedulesRetentionFromPropertiesAndCountsWhatItRemoves() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues(
                        "kanthorq.retention.enabled=true",
                        "kanthorq.retention.interval=100ms",
                        "kanthorq.retention.completed-tasks=7d",
                        "kanthorq.retention.discarded-tasks=30d",
                        "kanthorq.retention.events=1d",
                        "kanthorq.retention.batch-size=50")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    KanthorqRetention retention = context.getBean(KanthorqRetention.class);
                    assertThat(retention.isRunning()).isTrue();
                    assertThat(retention.policy().completedTasks()).isEqualTo(Duration.ofDays(7));
                    assertThat(retention.policy().discardedTasks()).isEqualTo(Duration.ofDays(30));
                    assertThat(retention.policy().batchSize()).isEqualTo(50);

                    // an old event on a stream nobody reads any more is eligible
                    Kanthorq kanthorq = context.getBean(Kanthorq.class);
                    kanthorq.registrar().registerStream("ops_orphan");
                    kanthorq.publisher().publish("ops_orphan", NewEvent.of("old.event", "x"));
                    try (Connection connection = schema.connect()) {
                        connection
                                .createStatement()
                                .execute("UPDATE kanthorq_stream_ops_orphan SET created_at = created_at - 172800000");
                    }
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> registry.find("kanthorq.retention.events.removed")
                                                    .tag("stream", "ops_orphan")
                                                    .counter()
                                            != null
                                    && registry.get("kanthorq.retention.events.removed")
                                                    .tag("stream", "ops_orphan")
                                                    .counter()
                                                    .count()
                                            == 1);
                    assertThat(registry.get("kanthorq.retention.runs")
                                    .tag("outcome", "completed")
                                    .counter()
                                    .count())
                            .isGreaterThanOrEqualTo(1);
                    context.stop();
                    assertThat(retention.isRunning()).isFalse();
                });
    }

    @Test
    void retentionIsOffByDefaultAndItsDefaultsEqualCore() {
        KanthorqProperties.Retention retention = new KanthorqProperties().getRetention();
        assertThat(retention.isEnabled()).isFalse();
        assertThat(retention.getInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(retention.getBatchSize()).isEqualTo(RetentionPolicy.DEFAULT_BATCH_SIZE);
        assertThat(new RetentionPolicy(
                        retention.getCompletedTasks(),
                        retention.getDiscardedTasks(),
                        retention.getEvents(),
                        retention.getBatchSize()))
                .isEqualTo(RetentionPolicy.KEEP_EVERYTHING);
    }

    @Test
    void enabledRetentionWithoutAnyAgeFailsAtStartup() {
        runner.withPropertyValues("kanthorq.retention.enabled=true")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("kanthorq.retention.enabled is true but no age is set"));
    }
}
