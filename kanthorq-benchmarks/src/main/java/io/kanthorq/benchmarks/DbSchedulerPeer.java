package io.kanthorq.benchmarks;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * db-scheduler, the JVM peer, through the same workload as KanthorQ: one-time tasks carrying the
 * ~100-byte body, scheduled beforehand for a drain or one by one for latency, run by a no-op handler
 * in this JVM against a fresh schema of the same server.
 */
final class DbSchedulerPeer {

    /** The table of db-scheduler's README for PostgreSQL. */
    private static final String DDL = """
            CREATE TABLE scheduled_tasks (
              task_name text NOT NULL,
              task_instance text NOT NULL,
              task_data bytea,
              execution_time timestamp with time zone NOT NULL,
              picked boolean NOT NULL,
              picked_by text,
              last_success timestamp with time zone,
              last_failure timestamp with time zone,
              consecutive_failures int,
              last_heartbeat timestamp with time zone,
              version bigint NOT NULL,
              priority smallint,
              PRIMARY KEY (task_name, task_instance)
            );
            CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
            CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
            CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
            """;

    /**
     * The fastest settings found for a no-op drain on the 2-core machine of BENCHMARKS.md (100,000 tasks):
     * lock-and-fetch polling (one UPDATE … SKIP LOCKED RETURNING per batch) with 16 threads; more threads
     * or a larger upper limit did not drain faster.
     */
    static final int TUNED_THREADS = 16;

    static final String TUNED_SETTINGS =
            "threads " + TUNED_THREADS + ", pollUsingLockAndFetch(0.5, 4.0), polling interval 100 ms";

    static final String DEFAULT_SETTINGS = "defaults: threads " + defaultThreads() + ", polling interval "
            + SchedulerBuilder.DEFAULT_POLLING_INTERVAL.toSeconds() + " s, fetch-and-lock-on-execute";

    static final String LATENCY_SETTINGS = "defaults with enableImmediateExecution() (db-scheduler has no"
            + " LISTEN; a schedule() in the same JVM wakes its poller)";

    private static final String TASK = "bench";
    private static final String BODY = new String(Workloads.BODY, StandardCharsets.UTF_8);
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private DbSchedulerPeer() {}

    /** "db-scheduler 16.7.1", read from the jar on the class path. */
    static String name() {
        Properties pom = new Properties();
        try (InputStream in = Scheduler.class.getResourceAsStream(
                "/META-INF/maven/com.github.kagkarlsson/db-scheduler/pom.properties")) {
            if (in != null) {
                pom.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "db-scheduler " + pom.getProperty("version", "(unknown version)");
    }

    /** Schedules {@code tasks} one-time tasks, then times the scheduler until every one completed. */
    static Workloads.Rate drain(BenchDatabase db, int tasks, boolean tuned) throws Exception {
        int threads = tuned ? TUNED_THREADS : defaultThreads();
        try (BenchDatabase.Schema schema = db.newSchema(threads + 4)) {
            createTable(schema);
            OneTimeTask<String> task = Tasks.oneTime(TASK, String.class).execute((instance, context) -> {});
            SchedulerClient client =
                    SchedulerClient.Builder.create(schema.dataSource(), task).build();
            List<SchedulableInstance<?>> batch = new ArrayList<>(1000);
            for (int i = 0; i < tasks; i++) {
                batch.add(task.schedulableInstance(Integer.toString(i), BODY));
                if (batch.size() == 1000 || i == tasks - 1) {
                    client.scheduleBatch(batch);
                    batch.clear();
                }
            }
            Workloads.Completions completions = new Workloads.Completions();
            UnaryOperator<SchedulerBuilder> settings = tuned
                    ? b -> b.threads(TUNED_THREADS)
                            .pollUsingLockAndFetch(0.5, 4.0)
                            .pollingInterval(Duration.ofMillis(100))
                    : UnaryOperator.identity();
            Scheduler scheduler = settings.apply(Scheduler.create(schema.dataSource(), task))
                    .addSchedulerListener(new CountCompletions(completions))
                    .build();
            CpuMeter cpu = CpuMeter.start(db);
            long start = System.nanoTime();
            scheduler.start();
            completions.awaitAtLeast(tasks, TIMEOUT);
            awaitEmpty(schema);
            long elapsed = System.nanoTime() - start;
            CpuMeter.Usage used = cpu.stop();
            scheduler.stop();
            return Workloads.Rate.of(tasks, elapsed, used);
        }
    }

    /**
     * Publish → handler start in ms of {@code count} tasks scheduled at {@code rate} per second for
     * now, one by one, on an otherwise idle scheduler, after 200 unmeasured ones.
     */
    static List<Double> latencies(BenchDatabase db, int rate, int count) throws Exception {
        try (BenchDatabase.Schema schema = db.newSchema(defaultThreads() + 4)) {
            createTable(schema);
            Map<String, Long> started = new ConcurrentHashMap<>();
            OneTimeTask<String> task = Tasks.oneTime(TASK, String.class)
                    .execute((instance, context) -> started.put(instance.getId(), System.nanoTime()));
            Scheduler scheduler = Scheduler.create(schema.dataSource(), task)
                    .enableImmediateExecution()
                    .build();
            scheduler.start();
            Map<String, Long> publishedAt = new ConcurrentHashMap<>();
            AtomicLong sequence = new AtomicLong();
            LatencyScenario.atSteadyRate(
                    rate,
                    200,
                    () -> scheduler.schedule(task.schedulableInstance("warm-" + sequence.incrementAndGet(), BODY)));
            LatencyScenario.atSteadyRate(rate, count, () -> {
                String id = Long.toString(sequence.incrementAndGet());
                long before = System.nanoTime();
                scheduler.schedule(task.schedulableInstance(id, BODY));
                publishedAt.put(id, before);
            });
            LatencyScenario.awaitHandled(started, publishedAt.keySet());
            scheduler.stop();
            List<Double> latencies = new ArrayList<>(count);
            publishedAt.forEach((id, before) -> latencies.add((started.get(id) - before) / 1e6));
            return latencies;
        }
    }

    private static int defaultThreads() {
        return 10; // SchedulerBuilder's default executor threads (not exposed as a constant)
    }

    private static void createTable(BenchDatabase.Schema schema) throws SQLException {
        try (Connection connection = schema.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(DDL);
        }
    }

    private static void awaitEmpty(BenchDatabase.Schema schema) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (Connection connection = schema.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            while (true) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM scheduled_tasks")) {
                    rows.next();
                    if (rows.getLong(1) == 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("db-scheduler left tasks after " + TIMEOUT);
                }
                Thread.sleep(1);
            }
        }
    }

    /** Counts the executions db-scheduler reports complete into the engine scenarios' counter. */
    private static final class CountCompletions extends AbstractSchedulerListener {
        private final Workloads.Completions completions;

        CountCompletions(Workloads.Completions completions) {
            this.completions = completions;
        }

        @Override
        public void onExecutionComplete(ExecutionComplete executionComplete) {
            completions.completed.incrementAndGet();
        }
    }
}
