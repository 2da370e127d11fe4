package io.kanthorq.spring.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every configured consumer as operators read it (stream, this instance's worker state, and the
 * cached backlog: ready, running, discarded, events not yet moved), for the health details and the
 * Actuator endpoint. Reads no table itself: the figures are {@link ConsumerBacklog}'s.
 */
public final class ConsumerOverview {

    private ConsumerOverview() {}

    /** Consumer name → its details, in the topology's order. */
    public static Map<String, Map<String, Object>> of(
            KanthorqTopology topology, KanthorqWorkers workers, ConsumerBacklog backlog) {
        Map<String, String> states = workers.states();
        Map<String, Map<String, Object>> consumers = new LinkedHashMap<>();
        for (KanthorqTopology.ConsumerSettings consumer : topology.consumers()) {
            consumers.put(consumer.name(), details(consumer, states.get(consumer.name()), backlog));
        }
        return consumers;
    }

    /** One consumer's details: its stream, {@code workerState} and the cached backlog figures. */
    public static Map<String, Object> details(
            KanthorqTopology.ConsumerSettings consumer, String workerState, ConsumerBacklog backlog) {
        ConsumerBacklog.Snapshot numbers = backlog.snapshot(consumer.name());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("stream", consumer.stream());
        details.put("worker", workerState);
        details.put("ready", numbers.ready());
        details.put("running", numbers.running());
        details.put("discarded", numbers.discarded());
        details.put("unmoved", numbers.unmoved());
        details.put("pending", numbers.pending());
        details.put("scheduled", numbers.scheduled());
        return details;
    }
}
