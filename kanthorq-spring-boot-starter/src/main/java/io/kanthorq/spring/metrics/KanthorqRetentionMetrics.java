package io.kanthorq.spring.metrics;

import io.kanthorq.core.retention.RetentionReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Counts what retention passes of this instance removed:
 * <ul>
 *   <li>{@code kanthorq.retention.runs} — passes, tagged {@code outcome} ({@code completed} or {@code skipped}:
 *       another instance held the retention lock);</li>
 *   <li>{@code kanthorq.retention.tasks.removed} — tasks deleted, tagged {@code consumer} and {@code state};</li>
 *   <li>{@code kanthorq.retention.events.removed} — events deleted, tagged {@code stream}.</li>
 * </ul>
 */
public final class KanthorqRetentionMetrics implements Consumer<RetentionReport> {

    private final MeterRegistry registry;

    /** Counts into {@code registry}. */
    public KanthorqRetentionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void accept(RetentionReport report) {
        Counter.builder("kanthorq.retention.runs")
                .description("Retention passes")
                .tag("outcome", report.skipped() ? "skipped" : "completed")
                .register(registry)
                .increment();
        report.tasksRemoved()
                .forEach((consumer, counts) ->
                        counts.forEach((state, count) -> Counter.builder("kanthorq.retention.tasks.removed")
                                .description("Tasks deleted by retention")
                                .tag("consumer", consumer)
                                .tag("state", state.name().toLowerCase(Locale.ROOT))
                                .register(registry)
                                .increment(count)));
        report.eventsRemoved()
                .forEach((stream, count) -> Counter.builder("kanthorq.retention.events.removed")
                        .description("Events deleted by retention")
                        .tag("stream", stream)
                        .register(registry)
                        .increment(count));
    }
}
