package io.kanthorq.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.WorkerOptions;
import io.kanthorq.core.testsupport.PgBouncer;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Scenario 13: wake-up latency behind PgBouncer in transaction-pooling mode. One engine publishes,
 * another (a second instance) runs the worker, both through the pooler, at a steady 50 events/s: the
 * worker's {@code LISTEN} on a direct connection that bypasses the pooler, then polling alone; the limit
 * beside both is the same two engines connected directly. A separate publishing engine, because an
 * engine's own publishes wake its workers without any notification.
 */
final class PgBouncerScenario {

    private static final int RATE = 50;

    private PgBouncerScenario() {}

    /** p50 and p99 of both modes, or nothing when PgBouncer is not installed. */
    static List<Measurement> wakeUpLatency(BenchDatabase db, Sizes sizes) throws Exception {
        Path binary = PgBouncer.binary();
        if (binary == null) {
            System.out.println("13. skipped: pgbouncer is not installed (apt-get install -y pgbouncer)");
            return List.of();
        }
        // a database of its own: a pooler cannot keep a per-client search_path
        String database = "kq_bench_bouncer_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        try (Connection admin = db.connect()) {
            admin.createStatement().execute("CREATE DATABASE " + database);
        }
        String directUrl = db.url(database);
        try (PgBouncer bouncer = PgBouncer.launch(binary, directUrl, db.user(), db.password(), database);
                HikariDataSource direct = pool(db, directUrl, 8);
                HikariDataSource pooled = pool(db, bouncer.jdbcUrl(), 8)) {
            Flyway.configure()
                    .dataSource(direct)
                    .locations("classpath:db/kanthorq/migration")
                    .table("kanthorq_schema_history")
                    .load()
                    .migrate();
            Kanthorq.builder(ConnectionProvider.of(direct))
                    .build()
                    .registrar()
                    .registerConsumer(
                            ConsumerDefinition.builder("wake", Workloads.STREAM).build());
            int count = sizes.latencySeconds() * RATE;
            ConnectionProvider listen = ConnectionProvider.direct(directUrl, db.user(), db.password());
            List<Double> directly = latencies(direct, Kanthorq.builder(ConnectionProvider.of(direct)), count);
            List<Double> directListen = latencies(
                    pooled, Kanthorq.builder(ConnectionProvider.of(pooled)).sessionConnections(listen), count);
            List<Double> pollOnly = latencies(
                    pooled, Kanthorq.builder(ConnectionProvider.of(pooled)).pollOnly(), count);
            String detail = count + " events at " + RATE + "/s from another engine, both through PgBouncer "
                    + "(transaction pooling, prepareThreshold=0); limit = the same two engines connected directly";
            List<Measurement> results = new ArrayList<>(LatencyScenario.p50AndP99(
                    "13. wake-up through PgBouncer, direct LISTEN connection", directListen, directly, detail));
            results.addAll(LatencyScenario.p50AndP99(
                    "13. wake-up through PgBouncer, polling only",
                    pollOnly,
                    directly,
                    detail + "; poll interval "
                            + WorkerOptions.DEFAULT.pollInterval().toMillis() + " ms"));
            return results;
        } finally {
            try (Connection admin = db.connect()) {
                admin.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    /** Publish → handler start (ms) of {@code count} events published by one engine and run by another. */
    private static List<Double> latencies(DataSource publishing, Kanthorq.Builder worker, int count) throws Exception {
        Kanthorq publisher = Kanthorq.builder(ConnectionProvider.of(publishing)).build();
        Kanthorq engine = worker.build();
        Map<String, Long> started = new ConcurrentHashMap<>();
        engine.startWorker("wake", task -> started.put(task.event().id(), System.nanoTime()), WorkerOptions.DEFAULT);
        LatencyScenario.publishAndAwait(publisher, RATE, Math.max(10, count / 5), started); // warm-up
        started.clear();
        Map<String, Long> publishedAt = LatencyScenario.publishAndAwait(publisher, RATE, count, started);
        engine.stop();
        List<Double> latencies = new ArrayList<>(count);
        publishedAt.forEach((id, before) -> latencies.add((started.get(id) - before) / 1e6));
        return latencies;
    }

    private static HikariDataSource pool(BenchDatabase db, String url, int size) {
        HikariConfig config = db.poolConfig(url);
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }
}
