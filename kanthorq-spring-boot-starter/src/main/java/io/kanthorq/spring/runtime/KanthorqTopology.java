package io.kanthorq.spring.runtime;

import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.Names;
import io.kanthorq.core.TaskHandler;
import io.kanthorq.core.WorkerOptions;
import io.kanthorq.core.schedule.ScheduleDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The streams and consumers an application declares, validated before anything touches the
 * database: every name, subject filter and setting has passed core's checks when this exists.
 */
public final class KanthorqTopology {

    /**
     * One configured consumer.
     *
     * @param definition    what is registered in the database
     * @param workerOptions how this instance runs its worker
     * @param workerEnabled whether this instance runs a worker at all
     */
    public record ConsumerSettings(ConsumerDefinition definition, WorkerOptions workerOptions, boolean workerEnabled) {

        /** Requires both parts. */
        public ConsumerSettings {
            Objects.requireNonNull(definition, "definition");
            Objects.requireNonNull(workerOptions, "workerOptions");
        }

        /** The consumer name. */
        public String name() {
            return definition.name();
        }

        /** The stream the consumer reads. */
        public String stream() {
            return definition.stream();
        }
    }

    private final Set<String> declaredStreams;
    private final List<String> streams;
    private final List<ScheduleDefinition> schedules;
    private final Map<String, ConsumerSettings> consumers;
    private final Map<String, TaskHandler> declaredHandlers;

    /** Validates the stream names; consumer definitions are validated by their constructor. */
    public KanthorqTopology(Collection<String> declaredStreams, Collection<ConsumerSettings> consumers) {
        this(declaredStreams, consumers, Map.of());
    }

    /**
     * The same, with the handlers of the consumers declared in code ({@code KanthorqConsumers} beans),
     * by consumer name; each must be one of {@code consumers}.
     */
    public KanthorqTopology(
            Collection<String> declaredStreams,
            Collection<ConsumerSettings> consumers,
            Map<String, TaskHandler> declaredHandlers) {
        this(declaredStreams, consumers, declaredHandlers, List.of());
    }

    /** The same, with recurring events under {@code kanthorq.schedules} (their streams are declared too). */
    public KanthorqTopology(
            Collection<String> declaredStreams,
            Collection<ConsumerSettings> consumers,
            Map<String, TaskHandler> declaredHandlers,
            List<ScheduleDefinition> schedules) {
        Set<String> declared = new LinkedHashSet<>();
        for (String stream : declaredStreams) {
            try {
                declared.add(Names.requireValid("stream", stream));
            } catch (InvalidInputException e) {
                throw new InvalidInputException("kanthorq.streams." + stream + ": " + e.getMessage());
            }
        }
        Map<String, ConsumerSettings> byName = new LinkedHashMap<>();
        Set<String> all = new LinkedHashSet<>(declared);
        for (ConsumerSettings consumer : consumers) {
            byName.put(consumer.name(), consumer);
            all.add(consumer.stream());
        }
        for (ScheduleDefinition schedule : schedules) {
            all.add(schedule.stream());
        }
        for (String name : declaredHandlers.keySet()) {
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException(
                        "a handler for consumer '" + name + "', which is not in the topology");
            }
        }
        this.declaredStreams = Set.copyOf(declared);
        this.streams = List.copyOf(all);
        this.consumers = Collections.unmodifiableMap(byName);
        this.declaredHandlers = Map.copyOf(declaredHandlers);
        this.schedules = List.copyOf(schedules);
    }

    /** The recurring events of {@code kanthorq.schedules}. */
    public List<ScheduleDefinition> schedules() {
        return schedules;
    }

    /** The handler of {@code consumer} when it was declared in code with one, else empty (a subscriber method). */
    public Optional<TaskHandler> declaredHandler(String consumer) {
        return Optional.ofNullable(declaredHandlers.get(consumer));
    }

    /** Every stream to register: the declared ones and those read by a consumer, in order. */
    public List<String> streams() {
        return streams;
    }

    /** The streams declared under {@code kanthorq.streams}. */
    public Set<String> declaredStreams() {
        return declaredStreams;
    }

    /** Every configured consumer. */
    public List<ConsumerSettings> consumers() {
        return new ArrayList<>(consumers.values());
    }

    /** The consumer called {@code name}, if configured. */
    public Optional<ConsumerSettings> consumer(String name) {
        return Optional.ofNullable(consumers.get(name));
    }

    /** Whether the application may publish to {@code stream} (declared, or read by a consumer). */
    public boolean isPublishable(String stream) {
        return streams.contains(stream);
    }
}
