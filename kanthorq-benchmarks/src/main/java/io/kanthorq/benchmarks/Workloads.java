package io.kanthorq.benchmarks;

import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.NewEvent;
import io.kanthorq.core.PublishOptions;
import io.kanthorq.core.TaskContext;
import io.kanthorq.core.TaskListener;
import io.kanthorq.core.WorkerOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import javax.sql.DataSource;

/** What the scenarios share: the payload, event batches, engines and a completion counter. */
final class Workloads {

    static final String STREAM = "bench";
    static final String SUBJECT = "order.created";

    /** A ~100-byte JSON body, as in the peers' measurements. */
    static final byte[] BODY = ("{\"order_id\":1234567,\"customer_id\":\"c-0042\",\"amount\":99.95,"
                    + "\"currency\":\"EUR\",\"items\":3,\"v\":1}")
            .getBytes(StandardCharsets.UTF_8);

    /** Worker settings of the throughput scenarios. */
    static final WorkerOptions THROUGHPUT = WorkerOptions.DEFAULT
            .withConcurrency(64)
            .withBatchSize(1000)
            .withPrefetch(1000)
            .withPollInterval(Duration.ofMillis(100));

    private Workloads() {}

    static Kanthorq engine(DataSource dataSource) {
        return Kanthorq.builder(ConnectionProvider.of(dataSource)).build();
    }

    static List<NewEvent> events(int count) {
        List<NewEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(NewEvent.of(SUBJECT, BODY));
        }
        return events;
    }

    /** Publishes {@code count} events, 1,000 per statement. */
    static void publish(Kanthorq kanthorq, int count) {
        List<NewEvent> thousand = events(1000);
        for (int done = 0; done < count; done += 1000) {
            kanthorq.publisher().publishAll(STREAM, thousand.subList(0, Math.min(1000, count - done)));
        }
    }

    /**
     * Publishes {@code count} events, 1,000 per statement, event {@code i} with ordering key
     * {@code key.apply(i)}: each event carries its own options, as a batch of many keys does.
     */
    static void publishKeyed(Kanthorq kanthorq, int count, IntFunction<String> key) {
        for (int done = 0; done < count; done += 1000) {
            int n = Math.min(1000, count - done);
            List<NewEvent> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(NewEvent.of(SUBJECT, BODY).withOptions(PublishOptions.DEFAULT.withKey(key.apply(done + i))));
            }
            kanthorq.publisher().publishAll(STREAM, batch);
        }
    }

    /** Counts tasks whose completion was written (all of them, or those a predicate accepts). */
    static final class Completions implements TaskListener {
        final AtomicLong completed = new AtomicLong();
        private final Predicate<TaskContext> counted;

        Completions() {
            this(task -> true);
        }

        /** Counts only the tasks {@code counted} accepts. */
        Completions(Predicate<TaskContext> counted) {
            this.counted = counted;
        }

        @Override
        public void completed(TaskContext task, Duration took) {
            if (counted.test(task)) {
                completed.incrementAndGet();
            }
        }

        void awaitAtLeast(long expected, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (completed.get() < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "only " + completed.get() + " of " + expected + " tasks completed within " + timeout);
                }
                Thread.sleep(1);
            }
        }
    }

    /**
     * A throughput and the CPU (JVM plus PostgreSQL, µs) each operation cost, null when unknown, with
     * its split between the two.
     */
    record Rate(double perSecond, Double cpuMicros, String cpuSplit) {

        /** The faster of two rates ({@code best} may be null). */
        static Rate best(Rate best, Rate candidate) {
            return best == null || candidate.perSecond() > best.perSecond() ? candidate : best;
        }

        /** {@code count} operations done in {@code nanos}, using {@code cpu}. */
        static Rate of(long count, long nanos, CpuMeter.Usage cpu) {
            return new Rate(Workloads.perSecond(count, nanos), cpu.microsPerOp(count), cpu.split(count));
        }
    }

    /** A scenario's measurement from the engine's and the raw loop's rates. */
    static Measurement measurement(String scenario, String unit, Rate value, Rate raw, String detail) {
        String cpu = value.cpuMicros() == null || raw.cpuMicros() == null
                ? ""
                : "; CPU µs per op (JVM + PostgreSQL): " + value.cpuSplit() + ", raw " + raw.cpuSplit();
        return new Measurement(
                scenario,
                value.perSecond(),
                unit,
                raw.perSecond(),
                true,
                detail + cpu,
                value.cpuMicros(),
                raw.cpuMicros());
    }

    static double perSecond(long count, long nanos) {
        return count / (nanos / 1e9);
    }
}
