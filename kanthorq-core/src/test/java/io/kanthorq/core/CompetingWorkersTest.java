package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.EngineTest;
import io.kanthorq.core.testsupport.ReliabilityFigures;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CompetingWorkersTest extends EngineTest {

    // issue scale: 10,000 for the engine, 20,000 for the reliability suite; the larger covers both
    private static final int EVENTS = 20_000;

    @Test
    void completesEveryTaskExactlyOnceAcrossFourWorkers() throws Exception {
        register(consumer("competing", "order.>").build());
        publishMany(EVENTS);

        Map<String, AtomicInteger> invocations = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> perWorker = new ConcurrentHashMap<>();
        for (int w = 0; w < 4; w++) {
            int worker = w;
            // separate engines: separate LISTEN connections and loops, as four instances would have
            newEngine()
                    .startWorker(
                            "competing",
                            task -> {
                                invocations
                                        .computeIfAbsent(task.event().id(), id -> new AtomicInteger())
                                        .incrementAndGet();
                                perWorker
                                        .computeIfAbsent(worker, k -> new AtomicInteger())
                                        .incrementAndGet();
                            },
                            fastOptions().withConcurrency(4).withBatchSize(50));
        }

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> states("competing").getOrDefault(TaskState.COMPLETED, 0L) == EVENTS);

        assertThat(states("competing")).containsExactly(Map.entry(TaskState.COMPLETED, (long) EVENTS));
        assertThat(invocations).hasSize(EVENTS);
        assertThat(invocations.values())
                .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(count("SELECT count(*) FROM kanthorq_consumer_competing WHERE attempt_count <> 1"))
                .isZero();
        assertThat(perWorker).as("every worker took part").hasSize(4);
        ReliabilityFigures.record(
                "4. four competing engines, one consumer",
                ReliabilityFigures.figures(
                        "tasks",
                        EVENTS,
                        "completed",
                        EVENTS,
                        "handler runs",
                        EVENTS,
                        "duplicates",
                        0,
                        "per engine",
                        perWorker.values().stream()
                                .map(AtomicInteger::get)
                                .sorted()
                                .toList()));
    }
}
