package io.kanthorq.core.worker;

import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.Registry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which consumers of this engine are ordered by key, as the registry says: read once per consumer, and
 * refreshed by every move (which reads the registry row anyway), so a consumer re-registered with
 * another ordering is seen within a turn. Writing outcomes of an ordered consumer takes its ordering
 * lock and promotes the next task of each finished key; a finish written while this engine had not yet
 * seen the change is caught by the orphan sweep of the lease rescue.
 */
final class OrderedConsumers {

    private final Jdbc jdbc;
    private final Map<String, Boolean> ordered = new ConcurrentHashMap<>();

    OrderedConsumers(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    boolean isOrdered(String consumer) {
        Boolean known = ordered.get(consumer);
        if (known != null) {
            return known;
        }
        boolean read = jdbc.detachedStatement(
                "read the ordering of consumer '" + consumer + "'",
                connection -> Registry.orderedByKey(connection, consumer));
        ordered.put(consumer, read);
        return read;
    }

    void update(String consumer, boolean byKey) {
        ordered.put(consumer, byKey);
    }
}
