package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.EngineTest;
import io.kanthorq.core.testsupport.Soak;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A worker JVM of a consumer ordered by key is killed with SIGKILL mid-run; another worker finishes.
 * No key ever has two runs at once, except beside a run the kill cut short (its task's lease expired
 * before it ran again), and for every key the first successful runs of its tasks happen in delivery
 * order.
 */
class OrderedWorkerCrashTest extends EngineTest {

    private static final int KEYS = 50;

    @Test
    void perKeyOrderAndExclusionHoldAcrossAWorkerKilledMidRun() throws Exception {
        int perKey = Soak.scale(20, 200);
        register(consumer("ordered_crash", "order.>")
                .ordering(Ordering.KEY)
                .visibilityTimeout(Duration.ofSeconds(2))
                .build());
        try (Connection connection = schema.connect()) {
            connection.createStatement().execute(HandlerRuns.CREATE_TABLE);
        }
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < perKey; i++) {
            for (int k = 0; k < KEYS; k++) {
                events.add(NewEvent.of("order.updated", "k" + k + ":" + i)
                        .withOptions(PublishOptions.DEFAULT.withKey("k" + k)));
            }
        }
        kanthorq.publisher().publishAll(STREAM, events);

        Process victim = startWorkerJvm("ordered_crash", 20, "runs");
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> count("SELECT count(*) FROM handler_runs") >= 100
                            && count("SELECT count(*) FROM kanthorq_consumer_ordered_crash WHERE state = 2") > 0);
        } finally {
            victim.destroyForcibly(); // SIGKILL mid-run
            victim.waitFor();
        }
        long victimPid = victim.pid();
        kanthorq.startWorker(
                "ordered_crash",
                HandlerRuns.recording(schema.dataSource(), 0, 5),
                fastOptions().withConcurrency(8));

        int total = KEYS * perKey;
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> states("ordered_crash").getOrDefault(TaskState.COMPLETED, 0L) == total);
        assertThat(states("ordered_crash")).containsExactly(Map.entry(TaskState.COMPLETED, (long) total));

        // runs of one key that overlap, where neither is a run the kill interrupted
        long overlaps = count("""
                SELECT count(*) FROM handler_runs a JOIN handler_runs b
                  ON split_part(a.body, ':', 1) = split_part(b.body, ':', 1) AND a.id < b.id
                WHERE a.ended_at IS NOT NULL AND b.ended_at IS NOT NULL
                  AND a.started_at < b.ended_at AND b.started_at < a.ended_at""");
        assertThat(overlaps).isZero();
        // per key, the first successful run of each task, by start time, must follow the delivery order
        long outOfOrder = count("""
                WITH firsts AS (
                    SELECT DISTINCT ON (body) split_part(body, ':', 1) AS key,
                           split_part(body, ':', 2)::int AS idx, started_at
                    FROM handler_runs WHERE ended_at IS NOT NULL
                    ORDER BY body, started_at
                ), ranked AS (
                    SELECT key, idx, lag(idx) OVER (PARTITION BY key ORDER BY started_at) AS before FROM firsts
                )
                SELECT count(*) FROM ranked WHERE before IS NOT NULL AND before > idx""");
        assertThat(outOfOrder).isZero();
        assertThat(count("SELECT count(DISTINCT body) FROM handler_runs WHERE ended_at IS NOT NULL"))
                .isEqualTo(total);
        assertThat(count("SELECT count(*) FROM handler_runs WHERE pid = " + victimPid))
                .as("the killed worker ran some")
                .isPositive();
    }
}
