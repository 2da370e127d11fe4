package io.kanthorq.spring.health;

import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.spring.runtime.ConsumerBacklog;
import io.kanthorq.spring.runtime.ConsumerOverview;
import io.kanthorq.spring.runtime.KanthorqTopology;
import io.kanthorq.spring.runtime.KanthorqWorkers;
import java.sql.Connection;
import java.util.List;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health contributor {@code kanthorq}: DOWN when the database cannot be reached or a started
 * worker has stopped; details list each consumer's worker state and backlog (ready, running,
 * discarded tasks and events not yet moved, refreshed at most every few seconds). Discarded tasks
 * are reported, not judged: a dead-letter set is a business matter, not an outage.
 */
public final class KanthorqHealthIndicator extends AbstractHealthIndicator {

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final ConnectionProvider connections;
    private final KanthorqTopology topology;
    private final KanthorqWorkers workers;
    private final ConsumerBacklog backlog;

    /** A health indicator over the engine's connections, workers and backlog. */
    public KanthorqHealthIndicator(
            ConnectionProvider connections,
            KanthorqTopology topology,
            KanthorqWorkers workers,
            ConsumerBacklog backlog) {
        super("KanthorQ health check failed");
        this.connections = connections;
        this.topology = topology;
        this.workers = workers;
        this.backlog = backlog;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        Connection connection = connections.acquireDetached();
        try {
            if (!connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                builder.down().withDetail("database", "unreachable");
                return;
            }
        } finally {
            connections.releaseDetached(connection);
        }
        List<String> failed = workers.failedWorkers();
        if (failed.isEmpty()) {
            builder.up();
        } else {
            builder.down().withDetail("stoppedWorkers", failed);
        }
        builder.withDetail("database", "reachable");
        builder.withDetail("consumers", ConsumerOverview.of(topology, workers, backlog));
    }
}
