package io.kanthorq.benchmarks;

import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.Ordering;
import io.kanthorq.core.StartFrom;
import io.kanthorq.core.TaskContext;
import io.kanthorq.core.WorkerOptions;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Scenarios 3, 4, 6, 7 and 9: draining a backlog through no-op handlers (and the drains of 14 and 15). */
final class DrainScenarios {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private DrainScenarios() {}

    /** An unmeasured drain through the engine and through the raw loop, so that both run JIT-compiled. */
    static void warmUp(BenchDatabase db, Sizes sizes) throws Exception {
        // as long as a measured drain: the JIT compiles the engine's paths well into the first 100,000 tasks
        run(db, sizes.drainEvents(), 1, 1, 0);
        rawDrain(db, sizes.drainEvents(), 0);
    }

    /** 3: one consumer drains a published backlog. */
    static Measurement drain(BenchDatabase db, Sizes sizes) throws Exception {
        int events = sizes.drainEvents();
        Workloads.Rate[] best = best(sizes, () -> run(db, events, 1, 1, 0), () -> rawDrain(db, events, 0));
        Workloads.Rate value = best[0];
        Workloads.Rate raw = best[1];
        return Workloads.measurement(
                "3. drain backlog, one consumer, no-op handler",
                "tasks/s",
                value,
                raw,
                events + " events published beforehand; " + options());
    }

    /** 9: the drain of 3 with default worker settings; the detail compares to the tuned drain. */
    static Measurement defaults(BenchDatabase db, Sizes sizes, Measurement tuned) throws Exception {
        int events = sizes.drainEvents();
        Workloads.Rate[] best =
                best(sizes, () -> run(db, events, 1, 1, 0, WorkerOptions.DEFAULT), () -> rawDrain(db, events, 0));
        String versusTuned = tuned == null
                ? ""
                : String.format("; %.2f of the tuned drain (3)", best[0].perSecond() / tuned.value());
        return Workloads.measurement(
                "9. drain backlog with default worker settings",
                "tasks/s",
                best[0],
                best[1],
                events + " events published beforehand; concurrency " + WorkerOptions.DEFAULT.concurrency()
                        + ", batch " + WorkerOptions.DEFAULT.batchSize() + ", prefetch up to "
                        + WorkerOptions.DEFAULT.prefetch() + " by claim-ahead "
                        + WorkerOptions.DEFAULT.claimAhead().toMillis() + " ms" + versusTuned);
    }

    /** 4: five consumers on one stream; total tasks/s. */
    static Measurement fanOut(BenchDatabase db, Sizes sizes) throws Exception {
        int events = sizes.fanOutEvents();
        Workloads.Rate[] best = best(sizes, () -> run(db, events, 5, 1, 0), () -> rawDrain(db, events * 5, 0));
        Workloads.Rate value = best[0];
        Workloads.Rate raw = best[1];
        return Workloads.measurement(
                "4. fan-out, 5 consumers on one stream",
                "tasks/s",
                value,
                raw,
                events + " events × 5 consumers; raw = one loop draining the same number of tasks");
    }

    /** 6: the drain of 3 with history rows already in the tables; the detail compares to empty tables. */
    static Measurement history(BenchDatabase db, Sizes sizes, Measurement empty) throws Exception {
        int events = sizes.historyDrainEvents();
        Workloads.Rate[] best = best(
                sizes,
                () -> run(db, events, 1, 1, sizes.historyRows()),
                () -> rawDrain(db, events, sizes.historyRows()));
        Workloads.Rate value = best[0];
        Workloads.Rate raw = best[1];
        String versusEmpty = empty == null
                ? ""
                : String.format("; %.0f%% of the empty-table drain", 100 * value.perSecond() / empty.value());
        return Workloads.measurement(
                "6. drain with " + sizes.historyRows() + " finished rows of history",
                "tasks/s",
                value,
                raw,
                events + " events" + versusEmpty);
    }

    /** The history drain's baseline: the same number of events through empty tables. */
    static Measurement emptyBaseline(BenchDatabase db, Sizes sizes) throws Exception {
        int events = sizes.historyDrainEvents();
        Workloads.Rate best = null;
        for (int round = 0; round < sizes.drainRounds(); round++) {
            best = Workloads.Rate.best(best, run(db, events, 1, 1, 0));
        }
        return new Measurement("empty-table baseline", best.perSecond(), "tasks/s", null, true, "");
    }

    /** 7: four engines (four LISTEN connections, four loops) compete for one consumer. */
    static Measurement competing(BenchDatabase db, Sizes sizes, Measurement single) throws Exception {
        int events = sizes.drainEvents();
        Workloads.Rate[] best = best(sizes, () -> run(db, events, 1, 4, 0), () -> rawDrain(db, events, 0));
        Workloads.Rate value = best[0];
        Workloads.Rate raw = best[1];
        String versusOne =
                single == null ? "" : String.format("; %.2f× one engine", value.perSecond() / single.value());
        return Workloads.measurement(
                "7. four competing engines, one consumer", "tasks/s", value, raw, events + " events" + versusOne);
    }

    /** A drain through the engine or the raw loop. */
    @FunctionalInterface
    interface Drain {
        Workloads.Rate run() throws Exception;
    }

    /**
     * The best of {@code sizes.drainRounds()} runs of each drain, in the order given, the drains taking
     * turns in every round (engine first, raw loop last).
     */
    static Workloads.Rate[] best(Sizes sizes, Drain... drains) throws Exception {
        Workloads.Rate[] best = new Workloads.Rate[drains.length];
        for (int round = 0; round < sizes.drainRounds(); round++) {
            for (int d = 0; d < drains.length; d++) {
                best[d] = Workloads.Rate.best(best[d], drains[d].run());
            }
        }
        return best;
    }

    /**
     * What a drain publishes beforehand and which of its tasks the timed drain waits for (per consumer);
     * {@link #of} is the plain backlog of the scenarios above.
     */
    interface Backlog {

        /** Publishes the backlog through {@code publisher}. */
        void publish(Kanthorq publisher);

        /** How many tasks of each consumer the drain waits for. */
        long counted();

        /** Whether the drain waits for {@code task} to complete. */
        boolean counts(TaskContext task);

        /** {@code events} events without options, 1,000 per statement; every task counts. */
        static Backlog of(int events) {
            return new Backlog() {
                @Override
                public void publish(Kanthorq publisher) {
                    Workloads.publish(publisher, events);
                }

                @Override
                public long counted() {
                    return events;
                }

                @Override
                public boolean counts(TaskContext task) {
                    return true;
                }
            };
        }
    }

    /** The throughput settings of the drains, as their details name them. */
    static String options() {
        return "concurrency " + Workloads.THROUGHPUT.concurrency() + ", batch " + Workloads.THROUGHPUT.batchSize()
                + ", prefetch " + Workloads.THROUGHPUT.prefetch();
    }

    /** Publishes {@code events}, then times workers until every task of every consumer completed. */
    static Workloads.Rate run(BenchDatabase db, int events, int consumers, int engines, int historyRows)
            throws Exception {
        return run(db, events, consumers, engines, historyRows, Workloads.THROUGHPUT);
    }

    static Workloads.Rate run(
            BenchDatabase db, int events, int consumers, int engines, int historyRows, WorkerOptions options)
            throws Exception {
        return run(db, Backlog.of(events), Ordering.NONE, consumers, engines, historyRows, options);
    }

    /**
     * One consumer ordered by {@code ordering} drains {@code backlog} on the throughput settings; the
     * rate is that of the tasks the backlog counts, timed until the last of them completed.
     */
    static Workloads.Rate run(BenchDatabase db, Backlog backlog, Ordering ordering) throws Exception {
        return run(db, backlog, ordering, 1, 1, 0, Workloads.THROUGHPUT);
    }

    private static Workloads.Rate run(
            BenchDatabase db,
            Backlog backlog,
            Ordering ordering,
            int consumers,
            int engines,
            int historyRows,
            WorkerOptions options)
            throws Exception {
        try (BenchDatabase.Schema schema = db.newSchema(8 + 2 * consumers * engines)) {
            Kanthorq publisher = Workloads.engine(schema.dataSource());
            publisher.registrar().registerStream(Workloads.STREAM);
            if (historyRows > 0) {
                History.fill(schema, "drain_0", historyRows);
            }
            List<String> names = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                String name = "drain_" + c;
                names.add(name);
                publisher
                        .registrar()
                        .registerConsumer(ConsumerDefinition.builder(name, Workloads.STREAM)
                                .subjects("order.>")
                                .startFrom(historyRows > 0 ? StartFrom.LATEST : StartFrom.EARLIEST)
                                .ordering(ordering)
                                .build());
            }
            backlog.publish(publisher);
            Workloads.Completions completions = new Workloads.Completions(backlog::counts);
            List<Kanthorq> running = new ArrayList<>();
            CpuMeter cpu = CpuMeter.start(db);
            long start = System.nanoTime();
            for (int e = 0; e < engines; e++) {
                Kanthorq engine = Workloads.engine(schema.dataSource());
                running.add(engine);
                for (String name : names) {
                    engine.startWorker(name, task -> {}, options, completions);
                }
            }
            long counted = backlog.counted() * consumers;
            completions.awaitAtLeast(counted, TIMEOUT);
            long elapsed = System.nanoTime() - start;
            CpuMeter.Usage used = cpu.stop();
            running.forEach(Kanthorq::stop);
            return Workloads.Rate.of(counted, elapsed, used);
        }
    }

    static Workloads.Rate rawDrain(BenchDatabase db, int events, int historyRows) throws Exception {
        try (BenchDatabase.Schema schema = db.newSchema(4)) {
            Kanthorq kanthorq = Workloads.engine(schema.dataSource());
            kanthorq.registrar()
                    .registerConsumer(
                            ConsumerDefinition.builder("raw", Workloads.STREAM).build());
            if (historyRows > 0) {
                History.fill(schema, "raw", historyRows);
            }
            Workloads.publish(kanthorq, events);
            try (Connection connection = schema.connect()) {
                CpuMeter cpu = CpuMeter.start(db);
                long start = System.nanoTime();
                RawLimits.drain(
                        connection,
                        "kanthorq_stream_" + Workloads.STREAM,
                        "kanthorq_consumer_raw",
                        events,
                        Workloads.THROUGHPUT.batchSize());
                return Workloads.Rate.of(events, System.nanoTime() - start, cpu.stop());
            }
        }
    }
}
