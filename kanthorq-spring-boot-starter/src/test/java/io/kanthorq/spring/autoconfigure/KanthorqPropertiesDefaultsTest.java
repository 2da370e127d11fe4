package io.kanthorq.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanthorq.core.Backoff;
import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.EventPublisher;
import io.kanthorq.core.Registrar;
import io.kanthorq.core.StartFrom;
import io.kanthorq.core.WorkerOptions;
import org.junit.jupiter.api.Test;

/**
 * The property defaults are literals (so the configuration processor can publish them); this test
 * keeps them equal to core's constants.
 */
class KanthorqPropertiesDefaultsTest {

    @Test
    void globalDefaultsEqualCore() {
        KanthorqProperties properties = new KanthorqProperties();

        assertThat(properties.isEnabled()).isTrue();
        assertThat(properties.getWorkers().isEnabled()).isTrue();
        assertThat(properties.getShutdownTimeout()).isEqualTo(WorkerOptions.DEFAULT_SHUTDOWN_TIMEOUT);
        assertThat(properties.getMaxBodySize().toBytes()).isEqualTo(EventPublisher.DEFAULT_MAX_BODY_SIZE);
        assertThat(properties.getRegistrationLockTimeout()).isEqualTo(Registrar.DEFAULT_LOCK_TIMEOUT);
        assertThat(properties.getStreams()).isEmpty();
        assertThat(properties.getConsumers()).isEmpty();
    }

    @Test
    void consumerDefaultsEqualCore() {
        KanthorqProperties.Consumer consumer = new KanthorqProperties.Consumer();

        assertThat(consumer.getSubjects()).isEmpty();
        assertThat(consumer.getExcludeSubjects()).isEmpty();
        assertThat(consumer.getAttemptMax()).isEqualTo(ConsumerDefinition.DEFAULT_ATTEMPT_MAX);
        assertThat(consumer.getVisibilityTimeout()).isEqualTo(ConsumerDefinition.DEFAULT_VISIBILITY_TIMEOUT);
        assertThat(consumer.getConcurrency()).isEqualTo(WorkerOptions.DEFAULT_CONCURRENCY);
        assertThat(consumer.getBatchSize()).isEqualTo(WorkerOptions.DEFAULT_BATCH_SIZE);
        assertThat(consumer.getPrefetch()).isEqualTo(WorkerOptions.DEFAULT_PREFETCH);
        assertThat(consumer.getClaimAhead()).isEqualTo(WorkerOptions.DEFAULT_CLAIM_AHEAD);
        assertThat(consumer.getPollInterval()).isEqualTo(WorkerOptions.DEFAULT_POLL_INTERVAL);
        assertThat(consumer.getBackoff().getInitial()).isEqualTo(Backoff.DEFAULT_INITIAL);
        assertThat(consumer.getBackoff().getMultiplier()).isEqualTo(Backoff.DEFAULT_MULTIPLIER);
        assertThat(consumer.getBackoff().getMax()).isEqualTo(Backoff.DEFAULT_MAX);
        assertThat(consumer.isEnabled()).isTrue();
        assertThat(consumer.getStartFrom()).isEqualTo(StartFrom.EARLIEST);
    }

    @Test
    void aConsumerWithOnlyAStreamGetsCoresDefinitionAndWorkerDefaults() {
        KanthorqProperties properties = new KanthorqProperties();
        KanthorqProperties.Consumer consumer = new KanthorqProperties.Consumer();
        consumer.setStream("orders");
        properties.getConsumers().put("emails", consumer);

        var settings = TopologyFactory.create(properties, new HandlerThreads(false))
                .consumer("emails")
                .orElseThrow();

        assertThat(settings.definition())
                .isEqualTo(ConsumerDefinition.builder("emails", "orders").build());
        assertThat(settings.workerOptions()).isEqualTo(WorkerOptions.DEFAULT);
        assertThat(settings.workerEnabled()).isTrue();
    }
}
