package io.kanthorq.spring.health;

import io.kanthorq.core.ConnectionProvider;
import java.sql.Connection;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** {@code kanthorq/database}: whether one of the engine's connections answers within two seconds. */
final class DatabaseHealthIndicator extends AbstractHealthIndicator {

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final ConnectionProvider connections;

    DatabaseHealthIndicator(ConnectionProvider connections) {
        super("KanthorQ database health check failed");
        this.connections = connections;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        Connection connection = connections.acquireDetached();
        try {
            if (connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                builder.up();
            } else {
                builder.down().withDetail("database", "unreachable");
            }
        } finally {
            connections.releaseDetached(connection);
        }
    }
}
