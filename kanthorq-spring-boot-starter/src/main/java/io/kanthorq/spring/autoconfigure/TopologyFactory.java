package io.kanthorq.spring.autoconfigure;

import io.kanthorq.core.Backoff;
import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.TaskHandler;
import io.kanthorq.core.WorkerOptions;
import io.kanthorq.core.schedule.ScheduleDefinition;
import io.kanthorq.spring.KanthorqConsumers;
import io.kanthorq.spring.runtime.KanthorqTopology;
import io.kanthorq.spring.runtime.KanthorqTopology.ConsumerSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * Turns {@link KanthorqProperties} and the {@link KanthorqConsumers} beans into a validated
 * {@link KanthorqTopology}; errors name the property or the bean.
 */
final class TopologyFactory {

    private TopologyFactory() {}

    /** The topology of {@code properties} as they are (no consumer defaults to apply, nothing in code). */
    static KanthorqTopology create(KanthorqProperties properties, HandlerThreads threads) {
        return create(properties, properties.getConsumers(), threads, List.of());
    }

    /**
     * The application's topology: {@code kanthorq.consumer-defaults} applied from {@code binder}, the
     * consumer keys of {@code environmentVariables} that relaxed binding cannot read, and the consumers
     * {@code declared} in code.
     */
    static KanthorqTopology create(
            KanthorqProperties properties,
            Binder binder,
            Map<String, ?> environmentVariables,
            HandlerThreads threads,
            List<KanthorqConsumers> declared) {
        return create(properties, ConsumerDefaults.apply(binder, environmentVariables), threads, declared);
    }

    private static KanthorqTopology create(
            KanthorqProperties properties,
            Map<String, KanthorqProperties.Consumer> effective,
            HandlerThreads threads,
            List<KanthorqConsumers> declared) {
        Map<String, ConsumerSettings> consumers = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        for (Map.Entry<String, KanthorqProperties.Consumer> entry : effective.entrySet()) {
            String name = entry.getKey();
            try {
                consumers.put(name, consumer(name, entry.getValue(), properties, threads));
            } catch (InvalidInputException e) {
                throw new InvalidInputException("kanthorq.consumers." + name + ": " + e.getMessage());
            }
            origins.put(name, "under kanthorq.consumers." + name);
        }
        CodeDeclarations code = new CodeDeclarations(properties, threads, consumers, origins);
        declared.forEach(code::collect);
        return new KanthorqTopology(
                properties.getStreams().keySet(), consumers.values(), code.handlers, schedules(properties));
    }

    private static List<ScheduleDefinition> schedules(KanthorqProperties properties) {
        List<ScheduleDefinition> schedules = new ArrayList<>();
        properties.getSchedules().forEach((name, schedule) -> {
            String prefix = "kanthorq.schedules." + name;
            require(prefix + ".stream", schedule.getStream());
            require(prefix + ".subject", schedule.getSubject());
            require(prefix + ".cron", schedule.getCron());
            if (schedule.getZone() == null) {
                throw new InvalidInputException(prefix + ".zone: must not be empty (UTC when not set)");
            }
            CronTrigger trigger;
            try {
                trigger = new CronTrigger(schedule.getCron(), schedule.getZone());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(prefix + ".cron: invalid cron expression '" + schedule.getCron()
                        + "' (six fields with" + " seconds, e.g. '0 0 9 * * MON-FRI'): " + e.getMessage());
            }
            try {
                schedules.add(new ScheduleDefinition(
                        name,
                        schedule.getStream(),
                        schedule.getSubject(),
                        schedule.getPayload() == null
                                ? null
                                : schedule.getPayload().getBytes(StandardCharsets.UTF_8),
                        trigger));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(prefix + ": " + e.getMessage());
            }
        });
        return schedules;
    }

    private static void require(String property, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(property + " is required");
        }
    }

    private static ConsumerSettings consumer(
            String name, KanthorqProperties.Consumer consumer, KanthorqProperties properties, HandlerThreads threads) {
        if (consumer.getStream() == null || consumer.getStream().isBlank()) {
            throw new InvalidInputException("the 'stream' property is required");
        }
        KanthorqProperties.Backoff backoff = consumer.getBackoff();
        ConsumerDefinition definition = ConsumerDefinition.builder(name, consumer.getStream())
                .subjects(consumer.getSubjects())
                .excludeSubjects(consumer.getExcludeSubjects())
                .attemptMax(consumer.getAttemptMax())
                .visibilityTimeout(consumer.getVisibilityTimeout())
                .backoff(new Backoff(backoff.getInitial(), backoff.getMultiplier(), backoff.getMax()))
                .startFrom(consumer.getStartFrom())
                .ordering(consumer.getOrdering())
                .onDiscard(consumer.getOnDiscard())
                .build();
        return new ConsumerSettings(
                definition,
                workerOptions(name, consumer, properties, threads),
                properties.getWorkers().isEnabled() && consumer.isEnabled());
    }

    private static WorkerOptions workerOptions(
            String name, KanthorqProperties.Consumer consumer, KanthorqProperties properties, HandlerThreads threads) {
        return new WorkerOptions(
                consumer.getConcurrency(),
                consumer.getBatchSize(),
                consumer.getPrefetch(),
                consumer.getClaimAhead(),
                consumer.getPollInterval(),
                properties.getShutdownTimeout(),
                threads.factoryFor(name));
    }

    /**
     * What the {@link KanthorqConsumers} beans declare, added to the configured consumers (whose names,
     * and each other's, they must not repeat), with the handler of each.
     */
    private static final class CodeDeclarations implements KanthorqConsumers.Declarations {
        private final KanthorqProperties properties;
        private final HandlerThreads threads;
        private final Map<String, ConsumerSettings> consumers;
        private final Map<String, String> origins;
        private final Map<String, TaskHandler> handlers = new LinkedHashMap<>();
        private String origin;

        CodeDeclarations(
                KanthorqProperties properties,
                HandlerThreads threads,
                Map<String, ConsumerSettings> consumers,
                Map<String, String> origins) {
            this.properties = properties;
            this.threads = threads;
            this.consumers = consumers;
            this.origins = origins;
        }

        void collect(KanthorqConsumers bean) {
            origin = "by the KanthorqConsumers bean " + bean.getClass().getName();
            bean.declare(this);
        }

        @Override
        public KanthorqConsumers.Declarations add(ConsumerDefinition definition, TaskHandler handler) {
            return add(definition, null, handler);
        }

        @Override
        public KanthorqConsumers.Declarations add(
                ConsumerDefinition definition, WorkerOptions options, TaskHandler handler) {
            Objects.requireNonNull(definition, "definition");
            Objects.requireNonNull(handler, "handler");
            String name = definition.name();
            String earlier = origins.putIfAbsent(name, origin);
            if (earlier != null) {
                throw new InvalidInputException("consumer '" + name + "' is declared twice: " + earlier + " and "
                        + origin + "; rename one of them");
            }
            KanthorqProperties.Consumer defaults = properties.getConsumerDefaults();
            WorkerOptions worker = options == null
                    ? workerOptions(name, defaults, properties, threads)
                    : options.withShutdownTimeout(properties.getShutdownTimeout())
                            .withHandlerThreadFactory(threads.factoryFor(name));
            consumers.put(
                    name,
                    new ConsumerSettings(
                            definition, worker, properties.getWorkers().isEnabled() && defaults.isEnabled()));
            handlers.put(name, handler);
            return this;
        }
    }
}
