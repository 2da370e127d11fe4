package io.kanthorq.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.testsupport.BackgroundPublisher;
import io.kanthorq.core.testsupport.EngineTest;
import io.kanthorq.core.testsupport.HandleCounts;
import io.kanthorq.core.testsupport.LogCapture;
import io.kanthorq.core.testsupport.ReliabilityFigures;
import io.kanthorq.core.testsupport.Soak;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Reliability 3: every backend of the application is terminated several times while events are
 * published and handled. Workers recover without a restart, nothing is lost or left Running, and
 * each worker logs one error per outage, not one per poll.
 */
class DatabaseOutageTest extends EngineTest {

    @Test
    void workersRecoverFromTerminatedBackendsWithNothingLostOrStuck() throws Exception {
        int outages = Soak.scale(3, 10);
        register(consumer("outage_one", "order.>")
                .visibilityTimeout(Duration.ofSeconds(2))
                .build());
        register(consumer("outage_two", "order.>")
                .visibilityTimeout(Duration.ofSeconds(2))
                .build());
        Map<String, HandleCounts> handled = new ConcurrentHashMap<>();
        try (LogCapture workerLog = LogCapture.of(WorkerLoop.class);
                LogCapture listenerLog = LogCapture.of(NotificationListener.class)) {
            for (String consumer : List.of("outage_one", "outage_two")) {
                HandleCounts counts = new HandleCounts();
                handled.put(consumer, counts);
                kanthorq.startWorker(
                        consumer,
                        task -> {
                            counts.record(task);
                            Thread.sleep(2);
                        },
                        fastOptions().withConcurrency(8).withBatchSize(50));
            }

            BackgroundPublisher publisher = BackgroundPublisher.start(kanthorq, STREAM, 3, "outage-publisher");

            for (int i = 0; i < outages; i++) {
                await().pollDelay(Duration.ofMillis(1500)).until(() -> true);
                assertThat(terminateBackends())
                        .as("backends terminated in outage %d", i + 1)
                        .isPositive();
            }
            await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
            publisher.close();
            long lastOutage = System.nanoTime();

            long events = count("SELECT count(*) FROM kanthorq_stream_order_update");
            assertThat(events).isGreaterThan(100);
            for (String consumer : handled.keySet()) {
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> states(consumer).getOrDefault(TaskState.COMPLETED, 0L) == events);
                assertThat(states(consumer)).containsExactly(Map.entry(TaskState.COMPLETED, events));
                assertThat(handled.get(consumer).events()).isEqualTo((int) events);
            }
            // at most one error per worker per outage (a connection may be killed mid-statement or not at all)
            assertThat(workerLog.messages(Level.ERROR)).hasSizeLessThanOrEqualTo(2 * outages);
            assertThat(listenerLog.messages(Level.WARN)).hasSizeLessThanOrEqualTo(outages);
            long duplicates = handled.values().stream()
                    .mapToLong(HandleCounts::duplicates)
                    .sum();
            ReliabilityFigures.record(
                    "3. all backends terminated while publishing and handling",
                    ReliabilityFigures.figures(
                            "outages",
                            outages,
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
                            "worker errors logged",
                            workerLog.messages(Level.ERROR).size(),
                            "ms from end of publishing to all completed",
                            (System.nanoTime() - lastOutage) / 1_000_000));
        }
    }

    private int terminateBackends() throws Exception {
        TestDatabaseAccess server = new TestDatabaseAccess();
        try (Connection admin = DriverManager.getConnection(server.url(), server.user(), server.password());
                var statement = admin.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE application_name = ? AND pid <> pg_backend_pid()")) {
            statement.setString(1, schema.name());
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Admin coordinates: the server without the schema's application name. */
    private final class TestDatabaseAccess {
        String url() {
            return schema.server().jdbcUrl();
        }

        String user() {
            return schema.server().user();
        }

        String password() {
            return schema.server().password();
        }
    }
}
