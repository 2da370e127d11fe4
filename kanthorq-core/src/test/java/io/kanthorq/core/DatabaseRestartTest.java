package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.kanthorq.core.testsupport.BackgroundPublisher;
import io.kanthorq.core.testsupport.HandleCounts;
import io.kanthorq.core.testsupport.ReliabilityFigures;
import io.kanthorq.core.testsupport.Soak;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reliability 3, server restart: the PostgreSQL server itself is stopped and started again (same data,
 * same port) while events are published and handled. The engine recovers without a restart of its
 * own and nothing is lost or stuck. This test always runs its own embedded server, since it must
 * control it, whatever {@code KANTHORQ_TEST_JDBC_URL} says.
 */
class DatabaseRestartTest {

    private Path dataDirectory;
    private EmbeddedPostgres server;
    private HikariDataSource pool;
    private Kanthorq kanthorq;

    @AfterEach
    void stopEverything() throws IOException {
        if (kanthorq != null) {
            kanthorq.stop();
        }
        if (pool != null) {
            pool.close();
        }
        if (server != null) {
            server.close();
        }
        if (dataDirectory != null) {
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void workersRecoverFromAServerRestartWithNothingLostOrStuck() throws Exception {
        int restarts = Soak.scale(1, 3);
        dataDirectory = Files.createTempDirectory("kanthorq-restart");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port);
        server = builder.start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(10);
        config.setConnectionTimeout(2_000);
        pool = new HikariDataSource(config);
        Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/kanthorq/migration")
                .table("kanthorq_schema_history")
                .load()
                .migrate();
        kanthorq = Kanthorq.builder(ConnectionProvider.of(pool)).build();
        Map<String, HandleCounts> handled = new ConcurrentHashMap<>();
        for (String consumer : List.of("restart_one", "restart_two")) {
            kanthorq.registrar()
                    .registerConsumer(ConsumerDefinition.builder(consumer, "order_update")
                            .subjects("order.>")
                            .visibilityTimeout(Duration.ofSeconds(2))
                            .backoff(new Backoff(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1)))
                            .build());
            HandleCounts counts = new HandleCounts();
            handled.put(consumer, counts);
            kanthorq.startWorker(
                    consumer,
                    counts::record,
                    WorkerOptions.DEFAULT.withConcurrency(8).withPollInterval(Duration.ofMillis(200)));
        }

        BackgroundPublisher publisher = BackgroundPublisher.start(kanthorq, "order_update", 2, "restart-publisher");
        long downMillis = 0;
        for (int i = 0; i < restarts; i++) {
            await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
            long down = System.nanoTime();
            server.close(); // fast shutdown: every connection is cut
            server = builder.start();
            downMillis += (System.nanoTime() - down) / 1_000_000;
        }
        await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        publisher.close();
        long stopped = System.nanoTime();

        long events;
        try (Connection connection = pool.getConnection();
                var rs = connection
                        .createStatement()
                        .executeQuery("SELECT count(*) FROM kanthorq_stream_order_update")) {
            rs.next();
            events = rs.getLong(1);
        }
        assertThat(events).isGreaterThan(100);
        for (String consumer : handled.keySet()) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> kanthorq.management()
                                    .consumer(consumer)
                                    .orElseThrow()
                                    .tasks()
                                    .get(TaskState.COMPLETED)
                            == events);
            assertThat(kanthorq.management().consumer(consumer).orElseThrow().tasks())
                    .allSatisfy((state, n) -> assertThat(n).isEqualTo(state == TaskState.COMPLETED ? events : 0));
            assertThat(handled.get(consumer).events()).isEqualTo((int) events);
        }
        long duplicates =
                handled.values().stream().mapToLong(HandleCounts::duplicates).sum();
        ReliabilityFigures.record(
                "3b. PostgreSQL server stopped and started again while publishing and handling",
                ReliabilityFigures.figures(
                        "restarts",
                        restarts,
                        "ms the server was down (total)",
                        downMillis,
                        "events",
                        events,
                        "refused publishes (retried by caller)",
                        publisher.refused(),
                        "tasks completed per consumer",
                        events,
                        "lost",
                        0,
                        "duplicates",
                        duplicates,
                        "ms from end of publishing to all completed",
                        (System.nanoTime() - stopped) / 1_000_000));
    }
}
