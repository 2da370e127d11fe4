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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Scenario 18: what observations cost. Batch publish and drain, each with observations on — an
 * {@link ObservationRegistry} with one handler that accepts every observation and does nothing, so the
 * engine's whole observation path runs (contexts, conventions, scopes, the carrier) — in turns with
 * observations off. The "raw" column holds the figure with observations off: the target is ≥ 0.95 of it.
 */
final class ObservationScenarios {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private ObservationScenarios() {}

    static List<Measurement> onAndOff(BenchDatabase db, Sizes sizes) throws Exception {
        List<Measurement> results = new ArrayList<>();
        results.add(publish(db, sizes));
        results.add(drain(db, sizes));
        return results;
    }

    private static Measurement publish(BenchDatabase db, Sizes sizes) throws Exception {
        try (BenchDatabase.Schema schema = db.newSchema(4)) {
            Kanthorq off = Workloads.engine(schema.dataSource());
            Kanthorq on = observed(schema.dataSource());
            off.registrar().registerStream(Workloads.STREAM);
            List<NewEvent> thousand = Workloads.events(1000);
            int perRound = Math.max(1000, sizes.batchPublishEvents() / PublishScenarios.ROUNDS / 1000 * 1000);
            for (Kanthorq engine : List.of(off, on)) { // warm both paths
                engine.publisher().publishAll(Workloads.STREAM, thousand);
            }
            TurnTally withObservations = new TurnTally(db);
            TurnTally without = new TurnTally(db);
            for (int round = 0; round < PublishScenarios.ROUNDS; round++) {
                // each goes first in every other round: neither pays for what the other left (WAL, checkpoints)
                if (round % 2 == 0) {
                    withObservations.time(() -> publish(on, thousand, perRound));
                    without.time(() -> publish(off, thousand, perRound));
                } else {
                    without.time(() -> publish(off, thousand, perRound));
                    withObservations.time(() -> publish(on, thousand, perRound));
                }
            }
            int events = perRound * PublishScenarios.ROUNDS;
            return Workloads.measurement(
                    "18. batch publish with observations on (raw: off)",
                    "events/s",
                    withObservations.rate(events),
                    without.rate(events),
                    events + " events, 1,000 per call, in " + PublishScenarios.ROUNDS
                            + " rounds alternating with observations off (each first in every other round);"
                            + " target on ÷ off ≥ 0.95");
        }
    }

    private static void publish(Kanthorq engine, List<NewEvent> thousand, int count) {
        for (int done = 0; done < count; done += 1000) {
            engine.publisher().publishAll(Workloads.STREAM, thousand);
        }
    }

    private static Measurement drain(BenchDatabase db, Sizes sizes) throws Exception {
        Workloads.Rate on = null;
        Workloads.Rate off = null;
        for (int round = 0; round < sizes.drainRounds(); round++) {
            boolean onFirst = round % 2 == 0;
            Workloads.Rate first = drainOnce(db, sizes.drainEvents(), onFirst);
            Workloads.Rate second = drainOnce(db, sizes.drainEvents(), !onFirst);
            on = Workloads.Rate.best(on, onFirst ? first : second);
            off = Workloads.Rate.best(off, onFirst ? second : first);
        }
        return Workloads.measurement(
                "18. drain with observations on (raw: off)",
                "tasks/s",
                on,
                off,
                sizes.drainEvents() + " events, one consumer, " + DrainScenarios.options() + "; best of "
                        + sizes.drainRounds() + " runs each, in turns; target on ÷ off ≥ 0.95");
    }

    private static Workloads.Rate drainOnce(BenchDatabase db, int events, boolean observed) throws Exception {
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
            Kanthorq engine = observed ? observed(schema.dataSource()) : Workloads.engine(schema.dataSource());
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

    /** An engine whose every publish and attempt is observed by a handler that does nothing. */
    private static Kanthorq observed(DataSource dataSource) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        return Kanthorq.builder(ConnectionProvider.of(dataSource))
                .observations(KanthorqObservations.of(registry))
                .build();
    }
}
