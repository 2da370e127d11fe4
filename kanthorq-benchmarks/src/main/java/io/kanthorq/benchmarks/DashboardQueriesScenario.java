package io.kanthorq.benchmarks;

import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.management.Management;
import io.kanthorq.core.management.TaskFilter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 17: what the dashboard costs the database per refresh, with 20 consumers of 1,000,000
 * finished tasks each (Completed, and 1% Discarded). The overview refresh reads the streams, every
 * consumer's figures (finished tasks counted up to 1,000 each, as the dashboard's overview does) and the
 * per-minute outcome chart; the consumer page reads one consumer (counted up to the default 100,000),
 * its first page of dead letters and the chart. Each figure is the mean over repeated refreshes of the client's
 * time, with the shared buffers each refresh touched (hits plus reads, from {@code pg_stat_database}).
 * There is no raw-JDBC loop to compare with: the point is that the figures stay flat as tables grow, so
 * the same refreshes are also measured on a tenth of the rows.
 */
final class DashboardQueriesScenario {

    private static final int CONSUMERS = 20;
    private static final int REFRESHES = 20;

    /**
     * A backend reports its buffer counts to {@code pg_stat_database} at most once a second, and an idle
     * one after 10 s: the pool's connections have reported everything once they idled that long.
     */
    private static final long STATS_FLUSH_MS = 11_000;

    private DashboardQueriesScenario() {}

    static List<Measurement> refreshes(BenchDatabase db, Sizes sizes) throws Exception {
        List<Measurement> results = new ArrayList<>();
        int full = sizes.dashboardTasksPerConsumer();
        for (int tasks : new int[] {Math.max(1, full / 10), full}) {
            try (BenchDatabase.Schema schema = db.newSchema(4)) {
                Kanthorq kanthorq = Workloads.engine(schema.dataSource());
                kanthorq.registrar().registerStream(Workloads.STREAM);
                for (int c = 0; c < CONSUMERS; c++) {
                    kanthorq.registrar()
                            .registerConsumer(ConsumerDefinition.builder("dash_" + c, Workloads.STREAM)
                                    .subjects("order.>")
                                    .build());
                }
                fill(schema, tasks);
                Management management = kanthorq.management();
                // what the dashboard's overview reads: finished tasks counted up to 1,000 per consumer
                Refresh overview = () -> {
                    management.streams();
                    management.consumers(1000);
                    management.outcomesPerMinute(60);
                };
                Refresh consumerPage = () -> {
                    management.consumer("dash_7");
                    management.tasks("dash_7", TaskFilter.of(TaskState.DISCARDED), 50, null);
                    management.outcomesPerMinute(60);
                };
                long settle = sizes == Sizes.SMOKE ? 0 : STATS_FLUSH_MS;
                results.add(measure(
                        schema,
                        "17. dashboard overview refresh, 20 consumers × " + tasks + " tasks",
                        overview,
                        settle));
                results.add(measure(
                        schema,
                        "17. dashboard consumer page, 20 consumers × " + tasks + " tasks",
                        consumerPage,
                        settle));
                kanthorq.stop();
            }
        }
        return results;
    }

    @FunctionalInterface
    private interface Refresh {
        void run() throws Exception;
    }

    /** Finished tasks straight into the 20 task tables (what a long-running application accumulates). */
    private static void fill(BenchDatabase.Schema schema, int tasks) throws SQLException {
        try (Connection connection = schema.connect();
                Statement statement = connection.createStatement()) {
            for (int c = 0; c < CONSUMERS; c++) {
                statement.execute(("""
                        INSERT INTO kanthorq_consumer_dash_%d
                            (event_id, subject, state, schedule_at, finalized_at, attempt_count, created_at, updated_at)
                        SELECT lpad(to_hex(g), 26, '0'), 'order.created',
                               CASE WHEN g %% 100 = 0 THEN -102 ELSE 101 END,
                               1700000000000 + g, 1700000000000 + g, 1, 1700000000000 + g, 1700000000000 + g
                        FROM generate_series(1, %d) g
                        """).formatted(c, tasks));
            }
            statement.execute("VACUUM ANALYZE");
        }
    }

    private static Measurement measure(BenchDatabase.Schema schema, String name, Refresh refresh, long settleMs)
            throws Exception {
        refresh.run(); // warm: plans and the first reads
        Thread.sleep(settleMs);
        long buffersBefore = buffers(schema);
        long start = System.nanoTime();
        for (int i = 0; i < REFRESHES; i++) {
            refresh.run();
        }
        double ms = (System.nanoTime() - start) / 1e6 / REFRESHES;
        Thread.sleep(settleMs);
        long buffers = (buffers(schema) - buffersBefore) / REFRESHES;
        return new Measurement(
                name,
                ms,
                "ms/refresh",
                null,
                false,
                "mean of " + REFRESHES + " refreshes; " + buffers + " shared buffers touched per refresh");
    }

    private static long buffers(BenchDatabase.Schema schema) throws SQLException {
        try (Connection connection = schema.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_stat_force_next_flush()");
            try (ResultSet rs = statement.executeQuery(
                    "SELECT blks_hit + blks_read FROM pg_stat_database WHERE datname = current_database()")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
