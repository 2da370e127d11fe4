package io.kanthorq.spring.metrics;

import io.kanthorq.core.TaskContext;
import io.kanthorq.core.TaskListener;
import io.kanthorq.spring.runtime.ConsumerBacklog;
import io.kanthorq.spring.runtime.KanthorqTopology;
import io.kanthorq.spring.support.PublishListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * KanthorQ's Micrometer meters, all tagged {@code stream} and (except the publish counter)
 * {@code consumer}:
 * <ul>
 *   <li>{@code kanthorq.events.published} — events committed by this instance's publisher (idempotent
 *       repeats included);</li>
 *   <li>{@code kanthorq.events.idempotent.repeats} — publishes of this instance that wrote nothing because
 *       their idempotency key had been published before (they returned the first event);</li>
 *   <li>{@code kanthorq.tasks.completed}, {@code kanthorq.tasks.retried}, {@code kanthorq.tasks.discarded},
 *       {@code kanthorq.tasks.fenced} — outcomes written by this instance's workers;</li>
 *   <li>{@code kanthorq.handler.duration} — handler time, tagged {@code outcome} as well;</li>
 *   <li>{@code kanthorq.tasks.ready} (Available + Retryable), {@code kanthorq.tasks.pending} (behind their
 *       ordering key), {@code kanthorq.tasks.scheduled} (ready, not due yet) and {@code kanthorq.events.unmoved}
 *       (events not yet turned into tasks) — backlog gauges, read through {@link ConsumerBacklog}'s cache.</li>
 * </ul>
 */
public final class KanthorqMetrics implements TaskListener, PublishListener {

    private final MeterRegistry registry;
    private final KanthorqTopology topology;
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final ToLongFunction<String> idempotentRepeats;
    private final Map<String, Meters> meters = new ConcurrentHashMap<>();

    private record Meters(
            Counter completed,
            Counter retried,
            Counter discarded,
            Counter fenced,
            Timer completedTime,
            Timer retriedTime,
            Timer discardedTime) {}

    /**
     * Registers the meters of every configured stream and consumer on {@code registry};
     * {@code idempotentRepeats} gives a stream's count of idempotent repeats.
     */
    public KanthorqMetrics(
            MeterRegistry registry,
            KanthorqTopology topology,
            ConsumerBacklog backlog,
            ToLongFunction<String> idempotentRepeats) {
        this.registry = registry;
        this.topology = topology;
        this.idempotentRepeats = idempotentRepeats;
        topology.streams().forEach(this::publishedCounter);
        for (String stream : topology.streams()) {
            // on this bean, not the function: Micrometer holds the object weakly, and the bean lives as long as the app
            FunctionCounter.builder(
                            "kanthorq.events.idempotent.repeats", this, m -> m.idempotentRepeats.applyAsLong(stream))
                    .description("Publishes that wrote nothing: their idempotency key was published before")
                    .tag("stream", stream)
                    .register(registry);
        }
        for (KanthorqTopology.ConsumerSettings consumer : topology.consumers()) {
            meters(consumer.name());
            Tags tags = Tags.of("stream", consumer.stream(), "consumer", consumer.name());
            gauge(
                    "kanthorq.tasks.ready",
                    "Tasks waiting to run (Available + Retryable)",
                    tags,
                    backlog,
                    consumer.name(),
                    ConsumerBacklog.Snapshot::ready);
            gauge(
                    "kanthorq.tasks.pending",
                    "Tasks waiting behind their ordering key's head (consumers ordered by key)",
                    tags,
                    backlog,
                    consumer.name(),
                    ConsumerBacklog.Snapshot::pending);
            gauge(
                    "kanthorq.tasks.scheduled",
                    "Ready tasks not due yet: delayed deliveries and retries waiting out their backoff",
                    tags,
                    backlog,
                    consumer.name(),
                    ConsumerBacklog.Snapshot::scheduled);
            gauge(
                    "kanthorq.events.unmoved",
                    "Events of the stream not yet turned into tasks of the consumer",
                    tags,
                    backlog,
                    consumer.name(),
                    ConsumerBacklog.Snapshot::unmoved);
        }
    }

    @Override
    public void published(String stream, int count) {
        publishedCounter(stream).increment(count);
    }

    @Override
    public void completed(TaskContext task, Duration took) {
        Meters m = meters(task.consumer());
        m.completed().increment();
        m.completedTime().record(took);
    }

    @Override
    public void failed(TaskContext task, Throwable error, boolean discarded, Duration took) {
        Meters m = meters(task.consumer());
        (discarded ? m.discarded() : m.retried()).increment();
        (discarded ? m.discardedTime() : m.retriedTime()).record(took);
    }

    @Override
    public void fenced(TaskContext task) {
        meters(task.consumer()).fenced().increment();
    }

    private Counter publishedCounter(String stream) {
        return published.computeIfAbsent(
                stream,
                s -> Counter.builder("kanthorq.events.published")
                        .description("Events published and committed")
                        .tag("stream", s)
                        .register(registry));
    }

    private Meters meters(String consumer) {
        return meters.computeIfAbsent(consumer, name -> {
            String stream = topology.consumer(name)
                    .map(KanthorqTopology.ConsumerSettings::stream)
                    .orElse("unknown");
            Tags tags = Tags.of("stream", stream, "consumer", name);
            return new Meters(
                    counter("kanthorq.tasks.completed", "Tasks completed", tags),
                    counter("kanthorq.tasks.retried", "Failed attempts scheduled for a retry", tags),
                    counter("kanthorq.tasks.discarded", "Tasks dead-lettered (attempts exhausted or discarded)", tags),
                    counter(
                            "kanthorq.tasks.fenced",
                            "Outcomes dropped because the task was no longer this worker's",
                            tags),
                    timer(tags, "completed"),
                    timer(tags, "retried"),
                    timer(tags, "discarded"));
        });
    }

    private Counter counter(String name, String description, Tags tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    private Timer timer(Tags tags, String outcome) {
        return Timer.builder("kanthorq.handler.duration")
                .description("Time spent in subscriber methods")
                .tags(tags)
                .tag("outcome", outcome)
                .register(registry);
    }

    private void gauge(
            String name,
            String description,
            Tags tags,
            ConsumerBacklog backlog,
            String consumer,
            ToLongFunction<ConsumerBacklog.Snapshot> value) {
        Gauge.builder(name, backlog, b -> {
                    long v = value.applyAsLong(b.snapshot(consumer));
                    return v < 0 ? Double.NaN : v;
                })
                .description(description)
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }
}
