package io.kanthorq.spring.endpoint;

import io.kanthorq.spring.runtime.ConsumerBacklog;
import io.kanthorq.spring.runtime.ConsumerOverview;
import io.kanthorq.spring.runtime.KanthorqTopology;
import io.kanthorq.spring.runtime.KanthorqWorkers;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * Actuator endpoint {@code kanthorq} ({@code /actuator/kanthorq}, exposed like any other endpoint):
 * the streams this application registers and, per consumer, its stream, this instance's worker state
 * and the backlog (ready, running, discarded, events not yet moved). The figures come from the same
 * cache as the gauges, refreshed at most every few seconds, so calling it often costs the database
 * nothing extra. {@code /actuator/kanthorq/{consumer}} shows one consumer.
 */
@Endpoint(id = "kanthorq")
public class KanthorqEndpoint {

    private final KanthorqTopology topology;
    private final KanthorqWorkers workers;
    private final ConsumerBacklog backlog;

    /** The endpoint over the application's topology, workers and backlog cache. */
    public KanthorqEndpoint(KanthorqTopology topology, KanthorqWorkers workers, ConsumerBacklog backlog) {
        this.topology = topology;
        this.workers = workers;
        this.backlog = backlog;
    }

    /** Streams and consumers. */
    @ReadOperation
    public Map<String, Object> overview() {
        Map<String, Object> overview = new LinkedHashMap<>();
        overview.put("streams", topology.streams());
        overview.put("consumers", ConsumerOverview.of(topology, workers, backlog));
        return overview;
    }

    /** One consumer, or null (404) when it is not configured. */
    @ReadOperation
    public Map<String, Object> consumer(@Selector String consumer) {
        return ConsumerOverview.of(topology, workers, backlog).get(consumer);
    }
}
