package io.kanthorq.benchmarks;

import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.Event;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.NewEvent;
import io.kanthorq.core.WorkerOptions;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/** Scenario 5: publish → handler start at a steady 200 events/s, with an otherwise idle worker. */
final class LatencyScenario {

    private static final int RATE = 200;

    private LatencyScenario() {
    }

    /** p50 and p99, each beside the raw commit → NOTIFY latency. */
    static List<Measurement> latency(BenchDatabase db, Sizes sizes) throws Exception {
        try (BenchDatabase.Schema schema = db.newSchema(8)) {
            Kanthorq kanthorq = Workloads.engine(schema.dataSource());
            kanthorq.registrar().registerConsumer(ConsumerDefinition.builder("latency", Workloads.STREAM).build());
            Map<String, Long> started = new ConcurrentHashMap<>();
            kanthorq.startWorker("latency", task -> started.put(task.event().id(), System.nanoTime()),
                    WorkerOptions.DEFAULT);
            NewEvent event = NewEvent.of(Workloads.SUBJECT, Workloads.BODY);
            for (int i = 0; i < 50; i++) { // warm-up
                kanthorq.publisher().publish(Workloads.STREAM, event);
                Thread.sleep(5);
            }
            Thread.sleep(500);
            int samples = sizes.latencySeconds() * RATE;
            Map<String, Long> publishedAt = new ConcurrentHashMap<>();
            long interval = 1_000_000_000L / RATE;
            long next = System.nanoTime();
            for (int i = 0; i < samples; i++) {
                LockSupport.parkNanos(next - System.nanoTime());
                long before = System.nanoTime();
                Event published = kanthorq.publisher().publish(Workloads.STREAM, event);
                publishedAt.put(published.id(), before);
                next += interval;
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!started.keySet().containsAll(publishedAt.keySet()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            kanthorq.stop();
            List<Double> latencies = new ArrayList<>();
            publishedAt.forEach((id, before) -> {
                Long start = started.get(id);
                if (start == null) {
                    throw new IllegalStateException("event " + id + " was not handled within 10 s");
                }
                latencies.add((start - before) / 1e6);
            });
            List<Double> raw;
            try (Connection publisher = schema.connect(); Connection listener = schema.connect()) {
                raw = RawLimits.notifyLatencies(publisher, listener, "kanthorq_stream_" + Workloads.STREAM,
                        Math.min(samples, 500));
            }
            double p50 = percentile(latencies, 50);
            double p99 = percentile(latencies, 99);
            String detail = String.format("%d events; max %.2f ms; raw = insert+commit → NOTIFY received",
                    latencies.size(), Collections.max(latencies));
            return List.of(
                    new Measurement("5. latency publish → handler start, p50", p50, "ms", percentile(raw, 50), false,
                            detail),
                    new Measurement("5. latency publish → handler start, p99", p99, "ms", percentile(raw, 99), false,
                            detail));
        }
    }

    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
