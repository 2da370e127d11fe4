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
            for (int i = 0; i < Math.max(1, sizes.warmUpEvents() / 1000); i++) {
                kanthorq.publisher().publishAll(Workloads.STREAM, thousand); // warm-up
            }
            int events = sizes.batchPublishEvents();
            CpuMeter cpu = CpuMeter.start(db);
            long start = System.nanoTime();
            for (int done = 0; done < events; done += 1000) {
                kanthorq.publisher().publishAll(Workloads.STREAM, thousand.subList(0, Math.min(1000, events - done)));
            }
            Workloads.Rate value = Workloads.Rate.of(events, System.nanoTime() - start, cpu.stop());
            Workloads.Rate raw;
            try (Connection connection = schema.connect()) {
                RawLimits.batchInsert(connection, "kanthorq_stream_raw", Math.max(1000, sizes.warmUpEvents())); // warm-up
                CpuMeter rawCpu = CpuMeter.start(db);
                long rawStart = System.nanoTime();
                RawLimits.batchInsert(connection, "kanthorq_stream_raw", events);
                raw = Workloads.Rate.of(events, System.nanoTime() - rawStart, rawCpu.stop());
            }
            return Workloads.measurement("1. batch publish, 1,000 per call", "events/s", value, raw,
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
            int warmUp = sizes.warmUpEvents() / 20;
            for (int i = 0; i < warmUp; i++) {
                kanthorq.publisher().publish(Workloads.STREAM, event); // warm-up
            }
            CpuMeter cpu = CpuMeter.start(db);
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                kanthorq.publisher().publish(Workloads.STREAM, event);
            }
            Workloads.Rate value = Workloads.Rate.of(events, System.nanoTime() - start, cpu.stop());
            Workloads.Rate raw;
            try (Connection connection = schema.connect()) {
                RawLimits.singleInsert(connection, "kanthorq_stream_raw", warmUp);
                CpuMeter rawCpu = CpuMeter.start(db);
                long rawStart = System.nanoTime();
                RawLimits.singleInsert(connection, "kanthorq_stream_raw", events);
                raw = Workloads.Rate.of(events, System.nanoTime() - rawStart, rawCpu.stop());
            }
            return Workloads.measurement("2. single publish, one transaction each", "events/s", value, raw,
                    events + " events, sequential, auto-commit");
        }
    }
}
