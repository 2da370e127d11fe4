package io.kanthorq.benchmarks;

import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.NewEvent;
import java.sql.Connection;
import java.util.List;

/** Scenarios 1 and 2: publishing throughput. */
final class PublishScenarios {

    private PublishScenarios() {
    }

    /** 1: batch publish, 1,000 events per call. */
    static Measurement batchPublish(BenchDatabase db, Sizes sizes) throws Exception {
        try (BenchDatabase.Schema schema = db.newSchema(4)) {
            Kanthorq kanthorq = Workloads.engine(schema.dataSource());
            kanthorq.registrar().registerStream(Workloads.STREAM);
            kanthorq.registrar().registerStream("raw");
            List<NewEvent> thousand = Workloads.events(1000);
            String table = "kanthorq_stream_raw";
            int warmUp = Math.max(1000, sizes.warmUpEvents() * 2);
            for (int done = 0; done < warmUp; done += 1000) {
                kanthorq.publisher().publishAll(Workloads.STREAM, thousand);
            }
            int perRound = Math.max(1000, sizes.batchPublishEvents() / ROUNDS / 1000 * 1000);
            long engineNanos = 0;
            long rawNanos = 0;
            CpuMeter.Usage engineCpu = CpuMeter.Usage.NONE;
            CpuMeter.Usage rawCpu = CpuMeter.Usage.NONE;
            try (Connection connection = schema.connect()) {
                RawLimits.batchInsert(connection, table, warmUp);
                for (int round = 0; round < ROUNDS; round++) { // taking turns, as in scenario 2
                    CpuMeter cpu = CpuMeter.start(db);
                    long start = System.nanoTime();
                    for (int done = 0; done < perRound; done += 1000) {
                        kanthorq.publisher().publishAll(Workloads.STREAM, thousand);
                    }
                    engineNanos += System.nanoTime() - start;
                    engineCpu = engineCpu.plus(cpu.stop());
                    cpu = CpuMeter.start(db);
                    start = System.nanoTime();
                    RawLimits.batchInsert(connection, table, perRound);
                    rawNanos += System.nanoTime() - start;
                    rawCpu = rawCpu.plus(cpu.stop());
                }
            }
            int events = perRound * ROUNDS;
            return Workloads.measurement("1. batch publish, 1,000 per call", "events/s",
                    Workloads.Rate.of(events, engineNanos, engineCpu), Workloads.Rate.of(events, rawNanos, rawCpu),
                    events + " events of " + Workloads.BODY.length + " bytes, in " + ROUNDS
                            + " rounds alternating with the raw loop");
        }
    }

    private static final int ROUNDS = 10;

    /** 2: single-event publish, one transaction each, sequential. */
    static Measurement singlePublish(BenchDatabase db, Sizes sizes) throws Exception {
        try (BenchDatabase.Schema schema = db.newSchema(4)) {
            Kanthorq kanthorq = Workloads.engine(schema.dataSource());
            kanthorq.registrar().registerStream(Workloads.STREAM);
            kanthorq.registrar().registerStream("raw");
            int events = sizes.singlePublishEvents();
            NewEvent event = NewEvent.of(Workloads.SUBJECT, Workloads.BODY);
            int warmUp = sizes.warmUpEvents() / 4; // the JIT compiles the engine's longer path later than the raw loop
            for (int i = 0; i < warmUp; i++) {
                kanthorq.publisher().publish(Workloads.STREAM, event); // warm-up
            }
            // Engine and raw loops take turns in rounds, so that all see the same machine: on a shared host
            // the neighbours' load drifts within seconds and would otherwise favour whichever ran last.
            int perRound = Math.max(1, events / ROUNDS);
            long engineNanos = 0;
            long rawNanos = 0;
            long plainNanos = 0;
            CpuMeter.Usage engineCpu = CpuMeter.Usage.NONE;
            CpuMeter.Usage rawCpu = CpuMeter.Usage.NONE;
            String table = "kanthorq_stream_raw";
            try (Connection connection = schema.connect()) {
                RawLimits.singleInsert(connection, table, warmUp, true);
                RawLimits.singleInsert(connection, table, warmUp, false);
                for (int round = 0; round < ROUNDS; round++) {
                    CpuMeter cpu = CpuMeter.start(db);
                    long start = System.nanoTime();
                    for (int i = 0; i < perRound; i++) {
                        kanthorq.publisher().publish(Workloads.STREAM, event);
                    }
                    engineNanos += System.nanoTime() - start;
                    engineCpu = engineCpu.plus(cpu.stop());
                    cpu = CpuMeter.start(db);
                    start = System.nanoTime();
                    RawLimits.singleInsert(connection, table, perRound, true);
                    rawNanos += System.nanoTime() - start;
                    rawCpu = rawCpu.plus(cpu.stop());
                    start = System.nanoTime();
                    RawLimits.singleInsert(connection, table, perRound, false);
                    plainNanos += System.nanoTime() - start;
                }
            }
            events = perRound * ROUNDS;
            Workloads.Rate value = Workloads.Rate.of(events, engineNanos, engineCpu);
            Workloads.Rate raw = Workloads.Rate.of(events, rawNanos, rawCpu);
            double plain = Workloads.perSecond(events, plainNanos);
            return Workloads.measurement("2. single publish, one transaction each", "events/s", value, raw,
                    String.format("%d events, sequential, auto-commit, in %d rounds alternating with the raw loops;"
                            + " raw = insert + NOTIFY and commit (what a publish does); a plain insert and commit"
                            + " without NOTIFY ran at %,.0f events/s (engine at %.2f of it)", events, ROUNDS, plain,
                            value.perSecond() / plain));
        }
    }
}
