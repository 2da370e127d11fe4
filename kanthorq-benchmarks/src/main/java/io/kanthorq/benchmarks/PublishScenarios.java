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
            kanthorq.publisher().publishAll(Workloads.STREAM, thousand); // warm-up
            int events = sizes.batchPublishEvents();
            long start = System.nanoTime();
            for (int done = 0; done < events; done += 1000) {
                kanthorq.publisher().publishAll(Workloads.STREAM, thousand.subList(0, Math.min(1000, events - done)));
            }
            double value = Workloads.perSecond(events, System.nanoTime() - start);
            double raw;
            try (Connection connection = schema.connect()) {
                RawLimits.batchInsert(connection, "kanthorq_stream_raw", 1000); // warm-up
                raw = RawLimits.batchInsert(connection, "kanthorq_stream_raw", events);
            }
            return new Measurement("1. batch publish, 1,000 per call", value, "events/s", raw, true,
                    events + " events of " + Workloads.BODY.length + " bytes");
        }
    }

    /** 2: single-event publish, one transaction each, sequential. */
    static Measurement singlePublish(BenchDatabase db, Sizes sizes) throws Exception {
        try (BenchDatabase.Schema schema = db.newSchema(4)) {
            Kanthorq kanthorq = Workloads.engine(schema.dataSource());
            kanthorq.registrar().registerStream(Workloads.STREAM);
            kanthorq.registrar().registerStream("raw");
            int events = sizes.singlePublishEvents();
            NewEvent event = NewEvent.of(Workloads.SUBJECT, Workloads.BODY);
            for (int i = 0; i < 100; i++) {
                kanthorq.publisher().publish(Workloads.STREAM, event); // warm-up
            }
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                kanthorq.publisher().publish(Workloads.STREAM, event);
            }
            double value = Workloads.perSecond(events, System.nanoTime() - start);
            double raw;
            try (Connection connection = schema.connect()) {
                RawLimits.singleInsert(connection, "kanthorq_stream_raw", 100);
                raw = RawLimits.singleInsert(connection, "kanthorq_stream_raw", events);
            }
            return new Measurement("2. single publish, one transaction each", value, "events/s", raw, true,
                    events + " events, sequential, auto-commit");
        }
    }
}
