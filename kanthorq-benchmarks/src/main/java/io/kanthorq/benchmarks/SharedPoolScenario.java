package io.kanthorq.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.NewEvent;
import io.kanthorq.core.WorkerOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 11: an application's own use of the pool while its engine is busy. One instance with 100
 * consumers on default settings and Hikari's default pool of 10 connections drains a backlog (every
 * consumer busy), while the application publishes single events at 50 per second through the same
 * pool; the limit beside it is the same publishes through the same pool with every consumer idle.
 */
final class SharedPoolScenario {

    private static final int CONSUMERS = 100;
    private static final int RATE = 50;

    private SharedPoolScenario() {}

    static List<Measurement> publishBesideBusyWorkers(BenchDatabase db, Sizes sizes) throws Exception {
        int samples = Math.max(10, sizes.latencySeconds() * RATE / 2);
        try (BenchDatabase.Schema schema = db.newSchema(2)) {
            Kanthorq setup = Workloads.engine(schema.dataSource());
            setup.registrar().registerStream(Workloads.STREAM);
            for (int c = 0; c < CONSUMERS; c++) {
                setup.registrar()
                        .registerConsumer(ConsumerDefinition.builder("busy_" + c, Workloads.STREAM)
                                .subjects("order.>")
                                .build());
            }
            try (HikariDataSource pool = new HikariDataSource(schema.poolConfig(""))) {
                Kanthorq engine = Kanthorq.builder(ConnectionProvider.of(pool)).build();
                Workloads.Completions completions = new Workloads.Completions();
                for (int c = 0; c < CONSUMERS; c++) {
                    engine.startWorker("busy_" + c, task -> {}, WorkerOptions.DEFAULT, completions);
                }
                publishLatencies(engine, samples / 2); // warm-up
                List<Double> idle = publishLatencies(engine, samples);
                // a backlog that keeps every consumer busy for longer than the measurement
                int backlog = Math.max(100, samples * 4);
                long before = completions.completed.get();
                Workloads.publish(engine, backlog);
                List<Double> busy = publishLatencies(engine, samples);
                long done = completions.completed.get() - before;
                engine.stop();
                String detail = String.format(
                        "%d publishes at %d/s through Hikari's default pool (10) shared with %d consumers on default"
                                + " settings and kanthorq.worker-connections 4, while they drained %d events × %d"
                                + " (%d tasks completed meanwhile); limit = the same publishes with every consumer idle",
                        samples, RATE, CONSUMERS, backlog, CONSUMERS, done);
                return LatencyScenario.p50AndP99("11. single publish beside 100 busy consumers", busy, idle, detail);
            }
        }
    }

    private static List<Double> publishLatencies(Kanthorq engine, int count) {
        NewEvent event = NewEvent.of(Workloads.SUBJECT, Workloads.BODY);
        List<Double> latencies = new ArrayList<>(count);
        LatencyScenario.atSteadyRate(RATE, count, () -> {
            long before = System.nanoTime();
            engine.publisher().publish(Workloads.STREAM, event);
            latencies.add((System.nanoTime() - before) / 1e6);
        });
        return latencies;
    }
}
