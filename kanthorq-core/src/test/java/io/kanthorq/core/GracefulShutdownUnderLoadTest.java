package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.EngineTest;
import io.kanthorq.core.testsupport.ReliabilityFigures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reliability 8: stopping under load leaves nothing Running; after a restart each task completes once. */
class GracefulShutdownUnderLoadTest extends EngineTest {

    @Test
    void stoppingWithAThousandTasksInFlightLeavesNoneRunningAndRestartCompletesEachOnce() throws Exception {
        int events = 3_000;
        register(consumer("under_load", "order.>").build());
        List<NewEvent> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            batch.add(NewEvent.of("order.created", "e" + i));
        }
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        TaskHandler handler = task -> {
            handled.computeIfAbsent(task.event().id(), id -> new AtomicInteger())
                    .incrementAndGet();
            Thread.sleep(200);
        };
        Kanthorq first = newEngine();
        first.startWorker(
                "under_load",
                handler,
                fastOptions().withConcurrency(1000).withBatchSize(1000).withShutdownTimeout(Duration.ofSeconds(20)));
        kanthorq.publisher().publishAll(STREAM, batch);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> states("under_load").getOrDefault(TaskState.RUNNING, 0L) >= 1000);

        first.stop();

        // started handlers finished (Completed); claimed-but-unstarted tasks went back to Available
        // with their attempt given back; the rest were never claimed (or not even moved yet)
        assertThat(states("under_load").keySet()).isSubsetOf(TaskState.COMPLETED, TaskState.AVAILABLE);
        assertThat(states("under_load").get(TaskState.COMPLETED)).isGreaterThan(900L);
        assertThat(count("SELECT count(*) FROM kanthorq_consumer_under_load WHERE state = 1 AND attempt_count <> 0"))
                .isZero();

        kanthorq.startWorker(
                "under_load", handler, fastOptions().withConcurrency(200).withBatchSize(500));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> states("under_load").getOrDefault(TaskState.COMPLETED, 0L) == events);
        assertThat(handled).hasSize(events);
        assertThat(handled.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(states("under_load")).containsExactly(Map.entry(TaskState.COMPLETED, (long) events));
        ReliabilityFigures.record(
                "8. graceful stop with 1,000 handlers in flight",
                ReliabilityFigures.figures(
                        "events",
                        events,
                        "left Running after stop",
                        0,
                        "completed after restart",
                        events,
                        "handler runs per task",
                        1));
    }
}
