package io.kanthorq.spring.health;

import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.spring.runtime.ConsumerBacklog;
import io.kanthorq.spring.runtime.KanthorqTopology;
import io.kanthorq.spring.runtime.KanthorqWorkers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;

/**
 * Health contributor {@code kanthorq}, a composite so that health groups can take a part of it:
 * {@code kanthorq/database} (DOWN when the database cannot be reached) and, per configured consumer,
 * {@code kanthorq/consumers/<name>} (DOWN when this instance's worker of it has stopped; details:
 * stream, worker state and the cached backlog). A readiness group that includes
 * {@code kanthorq/consumers/refund_order} takes the instance out of traffic when that worker stops,
 * and no other consumer's state touches it. Discarded tasks are reported, not judged: a dead-letter
 * set is a business matter, not an outage.
 */
public final class KanthorqHealthContributor implements CompositeHealthContributor {

    private final CompositeHealthContributor members;

    /** The contributor over the engine's connections, this instance's workers and the backlog. */
    public KanthorqHealthContributor(
            ConnectionProvider connections,
            KanthorqTopology topology,
            KanthorqWorkers workers,
            ConsumerBacklog backlog) {
        Map<String, HealthContributor> parts = new LinkedHashMap<>();
        parts.put("database", new DatabaseHealthIndicator(connections));
        Map<String, HealthContributor> consumers = new LinkedHashMap<>();
        for (KanthorqTopology.ConsumerSettings consumer : topology.consumers()) {
            consumers.put(consumer.name(), new ConsumerHealthIndicator(consumer, workers, backlog));
        }
        if (!consumers.isEmpty()) {
            parts.put("consumers", CompositeHealthContributor.fromMap(consumers));
        }
        this.members = CompositeHealthContributor.fromMap(parts);
    }

    @Override
    public HealthContributor getContributor(String name) {
        return members.getContributor(name);
    }

    @Override
    public Stream<HealthContributors.Entry> stream() {
        return members.stream();
    }
}
