package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.EngineTest;
import io.kanthorq.core.testsupport.ReliabilityFigures;
import io.kanthorq.core.testsupport.Soak;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reliability 2: a worker JVM is killed with SIGKILL mid-batch. Another worker finishes everything;
 * the killed worker's in-flight tasks run again after their lease (counted as duplicates); nothing is
 * lost or left Running.
 */
class WorkerCrashTest extends EngineTest {

    @Test
    void aSecondWorkerFinishesEverythingAfterTheFirstIsKilledMidBatch() throws Exception {
        int events = Soak.scale(2_000, 20_000);
        register(consumer("crashing", "order.>")
                .visibilityTimeout(Duration.ofSeconds(2))
                .build());
        createHandledTable();
        publishMany(events);

        Process victim = startWorkerJvm("crashing", 20);
        try {
            // kill mid-batch: well into the work and while the victim holds tasks
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> count("SELECT count(*) FROM handled") >= 200
                            && count("SELECT count(*) FROM kanthorq_consumer_crashing WHERE state = 2") > 0);
        } finally {
            victim.destroyForcibly(); // SIGKILL: no shutdown hook, no release, no acknowledgement
            victim.waitFor();
        }
        long killedAt = System.nanoTime();
        long running = count("SELECT count(*) FROM kanthorq_consumer_crashing WHERE state = 2");
        assertThat(running).as("tasks the killed worker held").isPositive();

        kanthorq.startWorker(
                "crashing",
                task -> {
                    try (Connection connection = schema.dataSource().getConnection();
                            var insert = connection.prepareStatement("INSERT INTO handled VALUES (?, ?, 0)")) {
                        insert.setString(1, task.event().id());
                        insert.setInt(2, task.attempt());
                        insert.executeUpdate();
                    }
                },
                fastOptions().withConcurrency(8));

        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> states("crashing").getOrDefault(TaskState.COMPLETED, 0L) == events);
        assertThat(states("crashing")).containsExactly(Map.entry(TaskState.COMPLETED, (long) events));
        long lost = count("SELECT count(*) FROM kanthorq_stream_order_update s"
                + " WHERE NOT EXISTS (SELECT 1 FROM handled h WHERE h.event_id = s.id)");
        long duplicates = count(
                "SELECT count(*) FROM (SELECT event_id FROM handled GROUP BY event_id" + " HAVING count(*) > 1) d");
        assertThat(lost).isZero();
        // only tasks the killed worker held can run twice: those whose handler ran (or whose outcome was
        // still waiting for its batch) are duplicates, those queued behind its handlers are not
        assertThat(duplicates).isLessThanOrEqualTo(running);
        assertThat(count("SELECT count(*) FROM handled WHERE attempt = 2")).isEqualTo(running);
        assertThat(count("SELECT count(*) FROM kanthorq_consumer_crashing WHERE attempt_count = 2"))
                .isEqualTo(running);
        ReliabilityFigures.record(
                "2. worker JVM killed (SIGKILL) mid-batch",
                ReliabilityFigures.figures(
                        "events",
                        events,
                        "running at kill",
                        running,
                        "completed",
                        events,
                        "duplicates",
                        duplicates,
                        "lost",
                        lost,
                        "left Running",
                        0,
                        "ms from kill to all completed",
                        (System.nanoTime() - killedAt) / 1_000_000));
    }
}
