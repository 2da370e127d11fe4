package io.kanthorq.benchmarks;

import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.NewEvent;
import io.kanthorq.core.TaskContext;
import io.kanthorq.core.TaskListener;
import io.kanthorq.core.observation.KanthorqObservations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Scenario 18: what observations cost. Batch publish and drain, each in turns in three variants:
 * observations off; observations on with a no-op registry (an {@link ObservationRegistry} without
 * handlers, what an application without tracing or metrics gets); and observations on with one handler
 * that accepts every observation and does nothing, so the engine's whole observation path runs
 * (contexts, conventions, scopes, the carrier). The "raw" column holds the figure with observations
 * off: the target is ≥ 0.95 of it.
 */
final class ObservationScenarios {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    /** The variants, in the order of the first round; each later round starts one further on. */
    private enum Variant {
        OFF,
        NOOP_REGISTRY,
        HANDLER
    }

    private ObservationScenarios() {}

    static List<Measurement> onAndOff(BenchDatabase db, Sizes sizes) throws Exception {
        List<Measurement> results = new ArrayList<>();
        results.addAll(publish(db, sizes));
        results.addAll(drain(db, sizes));
        return results;
    }

    private static List<Variant> order(int round) {
        List<Variant> order = new ArrayList<>(List.of(Variant.values()));
        Collections.rotate(order, -(round % order.size()));
        return order;
    }

    private static List<Measurement> publish(BenchDatabase db, Sizes sizes) throws Exception {
        try (BenchDatabase.Schema schema = db.newSchema(4)) {
            Map<Variant, Kanthorq> engines = new EnumMap<>(Variant.class);
            Map<Variant, TurnTally> tallies = new EnumMap<>(Variant.class);
            for (Variant variant : Variant.values()) {
                engines.put(variant, engine(schema.dataSource(), variant));
                tallies.put(variant, new TurnTally(db));
            }
            engines.get(Variant.OFF).registrar().registerStream(Workloads.STREAM);
            List<NewEvent> thousand = Workloads.events(1000);
            int perRound = Math.max(1000, sizes.batchPublishEvents() / PublishScenarios.ROUNDS / 1000 * 1000);
            for (Kanthorq engine : engines.values()) { // warm every path
                engine.publisher().publishAll(Workloads.STREAM, thousand);
            }
            for (int round = 0; round < PublishScenarios.ROUNDS; round++) {
                // each goes first in turn: none pays for what another left (WAL, checkpoints)
                for (Variant variant : order(round)) {
                    tallies.get(variant).time(() -> publish(engines.get(variant), thousand, perRound));
                }
            }
            int events = perRound * PublishScenarios.ROUNDS;
            String how = events + " events, 1,000 per call, in " + PublishScenarios.ROUNDS
                    + " rounds in turns with observations off (each variant first in every third round);"
                    + " target on ÷ off ≥ 0.95";
            Workloads.Rate off = tallies.get(Variant.OFF).rate(events);
            return List.of(
                    Workloads.measurement(
                            "18. batch publish with observations on, no-op registry (raw: off)",
                            "events/s",
                            tallies.get(Variant.NOOP_REGISTRY).rate(events),
                            off,
                            how),
                    Workloads.measurement(
                            "18. batch publish with observations on, a handler that does nothing (raw: off)",
                            "events/s",
                            tallies.get(Variant.HANDLER).rate(events),
                            off,
                            how));
        }
    }

    private static void publish(Kanthorq engine, List<NewEvent> thousand, int count) {
        for (int done = 0; done < count; done += 1000) {
            engine.publisher().publishAll(Workloads.STREAM, thousand);
        }
    }

    private static List<Measurement> drain(BenchDatabase db, Sizes sizes) throws Exception {
        Map<Variant, Workloads.Rate> best = new EnumMap<>(Variant.class);
        for (int round = 0; round < sizes.drainRounds(); round++) {
            for (Variant variant : order(round)) {
                best.put(variant, Workloads.Rate.best(best.get(variant), drainOnce(db, sizes.drainEvents(), variant)));
            }
        }
        String how = sizes.drainEvents() + " events, one consumer, " + DrainScenarios.options() + "; best of "
                + sizes.drainRounds() + " runs each, in turns; target on ÷ off ≥ 0.95";
        return List.of(
                Workloads.measurement(
                        "18. drain with observations on, no-op registry (raw: off)",
                        "tasks/s",
                        best.get(Variant.NOOP_REGISTRY),
                        best.get(Variant.OFF),
                        how),
                Workloads.measurement(
                        "18. drain with observations on, a handler that does nothing (raw: off)",
                        "tasks/s",
                        best.get(Variant.HANDLER),
                        best.get(Variant.OFF),
                        how));
    }

    private static Workloads.Rate drainOnce(BenchDatabase db, int events, Variant variant) throws Exception {
        try (BenchDatabase.Schema schema = db.newSchema(10)) {
            Kanthorq setup = Workloads.engine(schema.dataSource());
            setup.registrar().registerStream(Workloads.STREAM);
            setup.registrar()
                    .registerConsumer(ConsumerDefinition.builder("observed", Workloads.STREAM)
                            .subjects("order.>")
                            .build());
            Workloads.publish(setup, events);
            AtomicLong completed = new AtomicLong();
            TaskListener count = new TaskListener() {
                @Override
                public void completed(TaskContext task, Duration took) {
                    completed.incrementAndGet();
                }
            };
            Kanthorq engine = engine(schema.dataSource(), variant);
            CpuMeter cpu = CpuMeter.start(db);
            long start = System.nanoTime();
            engine.startWorker("observed", task -> {}, Workloads.THROUGHPUT, count);
            long deadline = start + TIMEOUT.toNanos();
            while (completed.get() < events) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + completed.get() + " of " + events + " completed");
                }
                TimeUnit.MILLISECONDS.sleep(1);
            }
            long elapsed = System.nanoTime() - start;
            CpuMeter.Usage used = cpu.stop();
            engine.stop();
            return Workloads.Rate.of(events, elapsed, used);
        }
    }

    /** An engine of {@code variant}: without observations, on a registry without handlers, or with one. */
    private static Kanthorq engine(DataSource dataSource, Variant variant) {
        if (variant == Variant.OFF) {
            return Workloads.engine(dataSource);
        }
        ObservationRegistry registry = ObservationRegistry.create();
        if (variant == Variant.HANDLER) {
            registry.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }
            });
        }
        return Kanthorq.builder(ConnectionProvider.of(dataSource))
                .observations(KanthorqObservations.of(registry))
                .build();
    }
}
