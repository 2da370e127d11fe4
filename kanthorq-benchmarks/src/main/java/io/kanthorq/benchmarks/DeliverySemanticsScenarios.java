package io.kanthorq.benchmarks;

import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.NewEvent;
import io.kanthorq.core.Ordering;
import io.kanthorq.core.PublishOptions;
import io.kanthorq.core.TaskContext;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Scenarios 14 to 16: what delivery semantics cost. Each runs the feature beside the plain path it
 * adds to, in the same run and taking turns with it, and states the ratio against its target; every
 * figure also stands beside its raw-JDBC limit.
 */
final class DeliverySemanticsScenarios {

    /** Ordering keys a keyed backlog is spread over, round-robin. */
    private static final int KEYS = 1000;

    /** The single key half of the hot-key backlog carries. */
    private static final String HOT = "hot";

    private static final double ORDERED_TARGET = 0.7;
    private static final double HOT_KEY_TARGET = 0.5;
    private static final double IDEMPOTENT_TARGET = 0.9;

    private static final String RAW_TABLE = "kanthorq_stream_raw";

    private DeliverySemanticsScenarios() {}

    /** 14: one keyed backlog drained by an unordered consumer and by a consumer ordered by key. */
    static List<Measurement> orderedDrain(BenchDatabase db, Sizes sizes) throws Exception {
        int events = sizes.keyedDrainEvents();
        DrainScenarios.Backlog backlog = keyed(events, i -> "k" + i % KEYS, key -> true);
        Workloads.Rate[] best = DrainScenarios.best(
                sizes,
                () -> DrainScenarios.run(db, backlog, Ordering.NONE),
                () -> DrainScenarios.run(db, backlog, Ordering.KEY),
                () -> DrainScenarios.rawDrain(db, events, 0));
        String detail = events + " events round-robin over " + KEYS + " ordering keys, published 1,000 per"
                + " statement with per-event keys; " + DrainScenarios.options() + "; raw = the loop of 3";
        double ratio = best[1].perSecond() / best[0].perSecond();
        return List.of(
                Workloads.measurement(
                        "14. drain of keyed events, unordered consumer", "tasks/s", best[0], best[2], detail),
                Workloads.measurement(
                        "14. drain of keyed events, consumer ordered by key",
                        "tasks/s",
                        best[1],
                        best[2],
                        detail + "; " + versus("ordered ÷ unordered", ratio, ORDERED_TARGET)));
    }

    /**
     * 15: half the events on one hot key, half over {@value #KEYS} keys; an ordered consumer drains, timed
     * until every event off the hot key completed (the hot key's tasks run one at a time meanwhile),
     * beside an unordered consumer draining the same backlog to its end.
     */
    static Measurement hotKey(BenchDatabase db, Sizes sizes) throws Exception {
        int events = sizes.keyedDrainEvents();
        // even events hot, odd ones round-robin over the keys: every batch the mover scans holds both
        IntFunction<String> key = i -> i % 2 == 0 ? HOT : "k" + i / 2 % KEYS;
        DrainScenarios.Backlog cold = keyed(events, key, k -> !HOT.equals(k));
        DrainScenarios.Backlog all = keyed(events, key, k -> true);
        Workloads.Rate[] best = DrainScenarios.best(
                sizes,
                () -> DrainScenarios.run(db, cold, Ordering.KEY),
                () -> DrainScenarios.run(db, all, Ordering.NONE),
                () -> DrainScenarios.rawDrain(db, events, 0));
        double ratio = best[0].perSecond() / best[1].perSecond();
        return Workloads.measurement(
                "15. hot key: events off it drained by an ordered consumer",
                "tasks/s",
                best[0],
                best[2],
                String.format(
                        "%d events, every other one on key '%s', the rest round-robin over %d keys; rate of the"
                                + " %d off the hot key until the last of them completed; unordered drain of the"
                                + " same backlog %,.0f tasks/s; %s; %s; raw = the loop of 3",
                        events,
                        HOT,
                        KEYS,
                        cold.counted(),
                        best[1].perSecond(),
                        versus("hot-key ÷ unordered", ratio, HOT_KEY_TARGET),
                        DrainScenarios.options()));
    }

    /**
     * {@code events} events, event {@code i} with ordering key {@code key.apply(i)}; the drain waits for
     * the tasks whose key {@code counted} accepts.
     */
    private static DrainScenarios.Backlog keyed(int events, IntFunction<String> key, Predicate<String> counted) {
        long count = IntStream.range(0, events)
                .filter(i -> counted.test(key.apply(i)))
                .count();
        return new DrainScenarios.Backlog() {
            @Override
            public void publish(Kanthorq publisher) {
                Workloads.publishKeyed(publisher, events, key);
            }

            @Override
            public long counted() {
                return count;
            }

            @Override
            public boolean counts(TaskContext task) {
                return counted.test(task.event().orderingKey());
            }
        };
    }

    /**
     * 16: batch publish, 1,000 per call, every event with an idempotency key of its own of shape
     * {@code keyShape}, beside plain.
     */
    static Measurement idempotentBatchPublish(BenchDatabase db, Sizes sizes, IdempotencyKeys keyShape)
            throws Exception {
        try (BenchDatabase.Schema schema = db.newSchema(4)) {
            Kanthorq kanthorq = Workloads.engine(schema.dataSource());
            kanthorq.registrar().registerStream(Workloads.STREAM);
            kanthorq.registrar().registerStream("raw");
            List<NewEvent> thousand = Workloads.events(1000);
            IdempotentEvents keyed = new IdempotentEvents(keyShape);
            int warmUp = Math.max(1000, sizes.warmUpEvents() * 2);
            for (int done = 0; done < warmUp; done += 1000) {
                kanthorq.publisher().publishAll(Workloads.STREAM, thousand);
                kanthorq.publisher().publishAll(Workloads.STREAM, keyed.next(1000));
            }
            int perRound = Math.max(1000, sizes.batchPublishEvents() / PublishScenarios.ROUNDS / 1000 * 1000);
            TurnTally plain = new TurnTally(db);
            TurnTally idempotent = new TurnTally(db);
            TurnTally raw = new TurnTally(db);
            try (Connection connection = schema.connect()) {
                RawLimits.batchInsert(connection, RAW_TABLE, warmUp, keyShape);
                for (int round = 0; round < PublishScenarios.ROUNDS; round++) {
                    plain.time(() -> {
                        for (int done = 0; done < perRound; done += 1000) {
                            kanthorq.publisher().publishAll(Workloads.STREAM, thousand);
                        }
                    });
                    // built before the turn, as the plain loop's batch is: the turn times the publisher
                    List<List<NewEvent>> batches = new ArrayList<>();
                    for (int done = 0; done < perRound; done += 1000) {
                        batches.add(keyed.next(1000));
                    }
                    idempotent.time(() -> {
                        for (List<NewEvent> batch : batches) {
                            kanthorq.publisher().publishAll(Workloads.STREAM, batch);
                        }
                    });
                    raw.time(() -> RawLimits.batchInsert(connection, RAW_TABLE, perRound, keyShape));
                }
            }
            int events = perRound * PublishScenarios.ROUNDS;
            return idempotentMeasurement(
                    "16. idempotent batch publish, 1,000 per call, " + keyShape.description(),
                    events,
                    idempotent.rate(events),
                    plain.rate(events),
                    raw.rate(events),
                    "the insert of 1 with each event's key (same shape) and ON CONFLICT DO NOTHING");
        }
    }

    /** 16: single-event publish, one transaction each, every event with an idempotency key of its own. */
    static Measurement idempotentSinglePublish(BenchDatabase db, Sizes sizes) throws Exception {
        try (BenchDatabase.Schema schema = db.newSchema(4)) {
            Kanthorq kanthorq = Workloads.engine(schema.dataSource());
            kanthorq.registrar().registerStream(Workloads.STREAM);
            kanthorq.registrar().registerStream("raw");
            NewEvent event = NewEvent.of(Workloads.SUBJECT, Workloads.BODY);
            IdempotentEvents keyed = new IdempotentEvents(IdempotencyKeys.ASCENDING);
            int warmUp = sizes.warmUpEvents() / 4; // as in 2: the engine's longer path compiles later
            for (int i = 0; i < warmUp; i++) {
                kanthorq.publisher().publish(Workloads.STREAM, event);
                kanthorq.publisher().publish(Workloads.STREAM, event, keyed.options());
            }
            int perRound = Math.max(1, sizes.singlePublishEvents() / PublishScenarios.ROUNDS);
            TurnTally plain = new TurnTally(db);
            TurnTally idempotent = new TurnTally(db);
            TurnTally raw = new TurnTally(db);
            try (Connection connection = schema.connect()) {
                RawLimits.singleInsertIdempotent(connection, RAW_TABLE, warmUp);
                for (int round = 0; round < PublishScenarios.ROUNDS; round++) {
                    plain.time(() -> {
                        for (int i = 0; i < perRound; i++) {
                            kanthorq.publisher().publish(Workloads.STREAM, event);
                        }
                    });
                    List<PublishOptions> options = new ArrayList<>();
                    for (int i = 0; i < perRound; i++) {
                        options.add(keyed.options());
                    }
                    idempotent.time(() -> {
                        for (PublishOptions o : options) {
                            kanthorq.publisher().publish(Workloads.STREAM, event, o);
                        }
                    });
                    raw.time(() -> RawLimits.singleInsertIdempotent(connection, RAW_TABLE, perRound));
                }
            }
            int events = perRound * PublishScenarios.ROUNDS;
            return idempotentMeasurement(
                    "16. idempotent single publish, one transaction each, " + IdempotencyKeys.ASCENDING.description(),
                    events,
                    idempotent.rate(events),
                    plain.rate(events),
                    raw.rate(events),
                    "the insert + NOTIFY of 2 with the event's key and ON CONFLICT DO NOTHING");
        }
    }

    private static Measurement idempotentMeasurement(
            String scenario,
            int events,
            Workloads.Rate idempotent,
            Workloads.Rate plain,
            Workloads.Rate raw,
            String rawLoop) {
        double ratio = idempotent.perSecond() / plain.perSecond();
        return Workloads.measurement(
                scenario,
                "events/s",
                idempotent,
                raw,
                String.format(
                        "%d events in %d rounds alternating with plain publish of as many (%,.0f events/s, CPU µs"
                                + " per op %s) and the raw loop; %s; raw = %s",
                        events,
                        PublishScenarios.ROUNDS,
                        plain.perSecond(),
                        plain.cpuSplit(),
                        versus("idempotent ÷ plain", ratio, IDEMPOTENT_TARGET),
                        rawLoop));
    }

    /** Idempotency keys never used before in the scenario, as options and as events carrying them. */
    private static final class IdempotentEvents {
        private final IdempotencyKeys shape;

        IdempotentEvents(IdempotencyKeys shape) {
            this.shape = shape;
        }

        /** Options with a new idempotency key. */
        PublishOptions options() {
            return PublishOptions.DEFAULT.withIdempotencyKey(shape.next("idem-"));
        }

        /** {@code count} events, each with options of its own (a new key), for one batch. */
        List<NewEvent> next(int count) {
            List<NewEvent> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                events.add(NewEvent.of(Workloads.SUBJECT, Workloads.BODY).withOptions(options()));
            }
            return events;
        }
    }

    /** "what 0.82 (target ≥ 0.7: met)". */
    private static String versus(String what, double ratio, double target) {
        return String.format("%s %.2f (target ≥ %.1f: %s)", what, ratio, target, ratio >= target ? "met" : "missed");
    }
}
