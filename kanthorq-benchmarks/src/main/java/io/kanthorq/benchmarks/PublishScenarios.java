package io.kanthorq.benchmarks;

import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.NewEvent;
import java.sql.Connection;
import java.util.List;

/** Scenarios 1 and 2: publishing throughput. */
final class PublishScenarios {

    private PublishScenarios() {}

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
            TurnTally engine = new TurnTally(db);
            TurnTally raw = new TurnTally(db);
            try (Connection connection = schema.connect()) {
                RawLimits.batchInsert(connection, table, warmUp);
                for (int round = 0; round < ROUNDS; round++) {
                    engine.time(() -> {
                        for (int done = 0; done < perRound; done += 1000) {
                            kanthorq.publisher().publishAll(Workloads.STREAM, thousand);
                        }
                    });
                    raw.time(() -> RawLimits.batchInsert(connection, table, perRound));
                }
            }
            int events = perRound * ROUNDS;
            return Workloads.measurement(
                    "1. batch publish, 1,000 per call",
                    "events/s",
                    engine.rate(events),
                    raw.rate(events),
                    events + " events of " + Workloads.BODY.length + " bytes, in " + ROUNDS
                            + " rounds alternating with the raw loop");
        }
    }

    /** Turns each loop takes, alternating with the others (16 takes as many). */
    static final int ROUNDS = 10;

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
            // engine and raw loops take turns in rounds (TurnTally says why)
            int perRound = Math.max(1, events / ROUNDS);
            TurnTally engine = new TurnTally(db);
            TurnTally withNotify = new TurnTally(db);
            TurnTally plainInsert = new TurnTally(db);
            String table = "kanthorq_stream_raw";
            try (Connection connection = schema.connect()) {
                RawLimits.singleInsert(connection, table, warmUp, true);
                RawLimits.singleInsert(connection, table, warmUp, false);
                for (int round = 0; round < ROUNDS; round++) {
                    engine.time(() -> {
                        for (int i = 0; i < perRound; i++) {
                            kanthorq.publisher().publish(Workloads.STREAM, event);
                        }
                    });
                    withNotify.time(() -> RawLimits.singleInsert(connection, table, perRound, true));
                    plainInsert.time(() -> RawLimits.singleInsert(connection, table, perRound, false));
                }
            }
            events = perRound * ROUNDS;
            Workloads.Rate value = engine.rate(events);
            Workloads.Rate raw = withNotify.rate(events);
            double plain = plainInsert.rate(events).perSecond();
            return Workloads.measurement(
                    "2. single publish, one transaction each",
                    "events/s",
                    value,
                    raw,
                    String.format(
                            "%d events, sequential, auto-commit, in %d rounds alternating with the raw loops;"
                                    + " raw = insert + NOTIFY and commit (what a publish does); a plain insert and commit"
                                    + " without NOTIFY ran at %,.0f events/s (engine at %.2f of it)",
                            events, ROUNDS, plain, value.perSecond() / plain));
        }
    }
}
