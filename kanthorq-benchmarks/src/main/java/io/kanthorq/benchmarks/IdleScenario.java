package io.kanthorq.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.WorkerOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Scenario 10: what an idle application costs the database. Instances with 1, 30 and 100 consumers on
 * default worker settings sit idle, each an engine with a pool of Hikari's default size whose idle
 * connections may close ({@code minimum-idle} 1, {@code idle-timeout} 10 s). The transactions each
 * instance runs are counted on its connections ({@link CountingDataSource}); the connections the
 * instances hold are read from {@code pg_stat_activity} every second. The floor is an instance that runs
 * nothing: 0 transactions per second.
 */
final class IdleScenario {

    /** Hikari retires idle connections on its housekeeping pass, every 30 s. */
    private static final long HOUSEKEEPING_MS = 30_000;

    private static final long IDLE_TIMEOUT_MS = 10_000;

    private IdleScenario() {}

    static List<Measurement> idle(BenchDatabase db, Sizes sizes) throws Exception {
        List<Measurement> results = new ArrayList<>();
        for (int instances : new int[] {1, 3}) {
            for (int consumers : new int[] {1, 30, 100}) {
                results.add(measure(db, sizes, consumers, instances));
            }
        }
        return results;
    }

    private static Measurement measure(BenchDatabase db, Sizes sizes, int consumers, int instances) throws Exception {
        long windowMs = sizes.idleSeconds() * 1000L;
        String tag = "kq_idle_" + System.nanoTime();
        try (BenchDatabase.Schema schema = db.newSchema(2)) {
            Kanthorq setup = Workloads.engine(schema.dataSource());
            setup.registrar().registerStream(Workloads.STREAM);
            List<String> names = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                String name = "idle_" + c;
                names.add(name);
                setup.registrar()
                        .registerConsumer(ConsumerDefinition.builder(name, Workloads.STREAM)
                                .subjects("order.>")
                                .build());
            }
            List<HikariDataSource> pools = new ArrayList<>();
            List<CountingDataSource> counted = new ArrayList<>();
            List<Kanthorq> engines = new ArrayList<>();
            try {
                for (int i = 0; i < instances; i++) {
                    HikariDataSource pool = pool(schema, tag + "_" + i);
                    pools.add(pool);
                    CountingDataSource counting = new CountingDataSource(pool);
                    counted.add(counting);
                    Kanthorq engine = Kanthorq.builder(ConnectionProvider.of(counting.dataSource()))
                            .build();
                    engines.add(engine);
                    for (String name : names) {
                        engine.startWorker(name, task -> {}, WorkerOptions.DEFAULT);
                    }
                }
                // let the start-up connections go idle and be retired before the window opens
                Thread.sleep(sizes == Sizes.SMOKE ? 500 : IDLE_TIMEOUT_MS + HOUSEKEEPING_MS + 5_000);
                long before = total(counted);
                long start = System.nanoTime();
                Connections held = new Connections(tag);
                try (Connection reader = db.connect()) {
                    long end = start + windowMs * 1_000_000;
                    while (System.nanoTime() < end) {
                        held.sample(reader);
                        Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double perInstance = (total(counted) - before) / seconds / instances;
                return new Measurement(
                        String.format(
                                "10. idle, %d consumer%s, %d instance%s: transactions/s per instance",
                                consumers, consumers == 1 ? "" : "s", instances, instances == 1 ? "" : "s"),
                        perInstance,
                        "tx/s",
                        0.0,
                        false,
                        String.format(
                                "%d s window; %.2f tx/s for all %d instance(s); at most %d connections held by them,"
                                        + " %d seen in all (pool 10, minimum-idle 1, idle-timeout 10 s); default"
                                        + " worker settings",
                                windowMs / 1000, perInstance * instances, instances, held.most, held.seen.size()));
            } finally {
                engines.forEach(Kanthorq::stop);
                pools.forEach(HikariDataSource::close);
            }
        }
    }

    private static long total(List<CountingDataSource> counted) {
        return counted.stream().mapToLong(CountingDataSource::transactions).sum();
    }

    private static HikariDataSource pool(BenchDatabase.Schema schema, String applicationName) {
        HikariConfig config = schema.poolConfig("ApplicationName=" + applicationName);
        config.setMinimumIdle(1);
        config.setIdleTimeout(IDLE_TIMEOUT_MS);
        config.setPoolName(applicationName);
        return new HikariDataSource(config);
    }

    /** The connections whose application name starts with a tag: the most at once, and every one seen. */
    private static final class Connections {
        final String tag;
        final Set<Integer> seen = new HashSet<>();
        int most;

        Connections(String tag) {
            this.tag = tag;
        }

        void sample(Connection connection) throws SQLException {
            try (PreparedStatement pids =
                    connection.prepareStatement("SELECT pid FROM pg_stat_activity WHERE application_name LIKE ?")) {
                pids.setString(1, tag + "\\_%");
                int now = 0;
                try (ResultSet rs = pids.executeQuery()) {
                    while (rs.next()) {
                        seen.add(rs.getInt(1));
                        now++;
                    }
                }
                most = Math.max(most, now);
            }
        }
    }
}
