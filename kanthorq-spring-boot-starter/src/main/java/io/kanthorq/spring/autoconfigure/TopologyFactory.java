package io.kanthorq.spring.autoconfigure;

import io.kanthorq.core.Backoff;
import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.WorkerOptions;
import io.kanthorq.spring.runtime.KanthorqTopology;
import io.kanthorq.spring.runtime.KanthorqTopology.ConsumerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns {@link KanthorqProperties} into a validated {@link KanthorqTopology}; errors name the property. */
final class TopologyFactory {

    private TopologyFactory() {}

    static KanthorqTopology create(KanthorqProperties properties, HandlerThreads threads) {
        List<ConsumerSettings> consumers = new ArrayList<>();
        for (Map.Entry<String, KanthorqProperties.Consumer> entry :
                properties.getConsumers().entrySet()) {
            String name = entry.getKey();
            try {
                consumers.add(consumer(name, entry.getValue(), properties, threads));
            } catch (InvalidInputException e) {
                throw new InvalidInputException("kanthorq.consumers." + name + ": " + e.getMessage());
            }
        }
        return new KanthorqTopology(properties.getStreams().keySet(), consumers);
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
                .build();
        WorkerOptions options = new WorkerOptions(
                consumer.getConcurrency(),
                consumer.getBatchSize(),
                consumer.getPrefetch(),
                consumer.getClaimAhead(),
                consumer.getPollInterval(),
                properties.getShutdownTimeout(),
                threads.factoryFor(name));
        return new ConsumerSettings(definition, options, properties.getWorkers().isEnabled() && consumer.isEnabled());
    }
}
