package io.kanthorq.spring.health;

import io.kanthorq.spring.runtime.ConsumerBacklog;
import io.kanthorq.spring.runtime.ConsumerOverview;
import io.kanthorq.spring.runtime.KanthorqTopology;
import io.kanthorq.spring.runtime.KanthorqWorkers;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code kanthorq/consumers/<name>}: DOWN when this instance started the consumer's worker and it
 * has stopped; UP otherwise (running, disabled, manual, or served by another instance). Reads no
 * table: the backlog details are {@link ConsumerBacklog}'s cached figures.
 */
final class ConsumerHealthIndicator implements HealthIndicator {

    private final KanthorqTopology.ConsumerSettings consumer;
    private final KanthorqWorkers workers;
    private final ConsumerBacklog backlog;

    ConsumerHealthIndicator(
            KanthorqTopology.ConsumerSettings consumer, KanthorqWorkers workers, ConsumerBacklog backlog) {
        this.consumer = consumer;
        this.workers = workers;
        this.backlog = backlog;
    }

    @Override
    public Health health(boolean includeDetails) {
        Health.Builder builder = workers.hasFailed(consumer.name()) ? Health.down() : Health.up();
        if (includeDetails) {
            builder.withDetails(ConsumerOverview.details(consumer, workers.state(consumer), backlog));
        }
        return builder.build();
    }

    @Override
    public Health health() {
        return health(true);
    }
}
