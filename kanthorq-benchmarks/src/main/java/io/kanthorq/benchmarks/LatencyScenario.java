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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/** Scenario 5: publish → handler start at a steady 50 and 200 events/s, with an otherwise idle worker. */
final class LatencyScenario {

    private static final int ROUNDS = 4;

    private LatencyScenario() {}

    /**
     * p50 and p99, each beside the raw commit → NOTIFY latency. Engine and raw loop take turns in
     * rounds (the engine's worker idles while the raw loop runs), so that both see the same machine.
     */
    static List<Measurement> latency(BenchDatabase db, Sizes sizes, int rate) throws Exception {
        try (BenchDatabase.Schema schema = db.newSchema(8);
                Connection publisher = schema.connect();
                Connection listener = schema.connect()) {
            Kanthorq kanthorq = Workloads.engine(schema.dataSource());
            kanthorq.registrar()
                    .registerConsumer(ConsumerDefinition.builder("latency", Workloads.STREAM)
                            .build());
            Map<String, Long> started = new ConcurrentHashMap<>();
            kanthorq.startWorker(
                    "latency", task -> started.put(task.event().id(), System.nanoTime()), WorkerOptions.DEFAULT);
            NewEvent event = NewEvent.of(Workloads.SUBJECT, Workloads.BODY);
            for (int i = 0; i < 500; i++) { // warm-up
                kanthorq.publisher().publish(Workloads.STREAM, event);
                Thread.sleep(5);
            }
            kanthorq.registrar().registerStream("raw"); // a table of the same layout that no consumer reads
            String rawTable = "kanthorq_stream_raw";
            RawLimits.notifyLatencies(publisher, listener, rawTable, 50);
            Thread.sleep(500);
            int samples = sizes.latencySeconds() * rate;
            int rounds = Math.min(ROUNDS, samples);
            Map<String, Long> publishedAt = new ConcurrentHashMap<>();
            List<Double> raw = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                publishAtSteadyRate(kanthorq, event, rate, samples / rounds, publishedAt);
                awaitHandled(started, publishedAt.keySet());
                raw.addAll(RawLimits.notifyLatencies(publisher, listener, rawTable, Math.max(1, samples / rounds / 8)));
            }
            kanthorq.stop();
            List<Double> latencies = new ArrayList<>();
            publishedAt.forEach((id, before) -> latencies.add((started.get(id) - before) / 1e6));
            String detail = String.format(
                    "%d events in %d rounds alternating with %d raw samples; max %.2f ms;"
                            + " raw = insert+commit → NOTIFY received",
                    latencies.size(), rounds, raw.size(), Collections.max(latencies));
            return p50AndP99("5. latency publish → handler start at " + rate + " events/s", latencies, raw, detail);
        }
    }

    private static void publishAtSteadyRate(
            Kanthorq kanthorq, NewEvent event, int rate, int count, Map<String, Long> publishedAt) {
        atSteadyRate(rate, count, () -> {
            long before = System.nanoTime();
            Event published = kanthorq.publisher().publish(Workloads.STREAM, event);
            publishedAt.put(published.id(), before);
        });
    }

    /**
     * Publishes {@code count} events at {@code rate} per second through {@code publisher} and waits until
     * {@code started} (filled by the handler) holds them all; returns when each was published (nanoTime).
     */
    static Map<String, Long> publishAndAwait(Kanthorq publisher, int rate, int count, Map<String, Long> started)
            throws InterruptedException {
        Map<String, Long> publishedAt = new ConcurrentHashMap<>();
        publishAtSteadyRate(publisher, NewEvent.of(Workloads.SUBJECT, Workloads.BODY), rate, count, publishedAt);
        awaitHandled(started, publishedAt.keySet());
        return publishedAt;
    }

    /** Runs {@code action} {@code count} times, {@code rate} times a second, on the calling thread. */
    static void atSteadyRate(int rate, int count, Runnable action) {
        long interval = 1_000_000_000L / rate;
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            LockSupport.parkNanos(next - System.nanoTime());
            action.run();
            next += interval;
        }
    }

    /** The p50 and p99 of {@code values} (ms), each beside the same percentile of {@code limit}. */
    static List<Measurement> p50AndP99(String scenario, List<Double> values, List<Double> limit, String detail) {
        return List.of(
                new Measurement(scenario + ", p50", percentile(values, 50), "ms", percentile(limit, 50), false, detail),
                new Measurement(
                        scenario + ", p99", percentile(values, 99), "ms", percentile(limit, 99), false, detail));
    }

    /** Waits (at most 10 s) until every id of {@code published} is in {@code started}. */
    static void awaitHandled(Map<String, Long> started, Set<String> published) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!started.keySet().containsAll(published)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not every event was handled within 10 s");
            }
            Thread.sleep(10);
        }
    }

    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
