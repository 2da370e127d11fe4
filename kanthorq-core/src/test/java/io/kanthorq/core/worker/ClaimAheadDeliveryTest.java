package io.kanthorq.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.TaskHandler;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.Worker;
import io.kanthorq.core.WorkerOptions;
import io.kanthorq.core.testsupport.EngineTest;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Default settings claim ahead for short handlers and leave a slow handler's tasks to other instances. */
class ClaimAheadDeliveryTest extends EngineTest {

    @Test
    void aDefaultWorkerWithShortHandlersHoldsMoreTasksThanHandlers() {
        register(consumer("short_handlers", "order.>").build());
        publishMany(2_000);
        AtomicInteger mostHeld = new AtomicInteger();
        AtomicInteger handled = new AtomicInteger();
        startRecordingMostHeld(kanthorq, "short_handlers", task -> handled.incrementAndGet(), fastOptions(), mostHeld);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> states("short_handlers").getOrDefault(TaskState.COMPLETED, 0L) == 2_000);
        assertThat(handled).hasValue(2_000);
        // four handlers, and tasks queued behind them: one statement claimed many
        assertThat(mostHeld.get()).isGreaterThan(4);
    }

    @Test
    void slowHandlersAreNotHoardedByOneOfTwoInstances() {
        register(consumer("slow_handlers", "order.>").build());
        Kanthorq second = newEngine();
        Map<String, Set<String>> byEngine = new ConcurrentHashMap<>();
        AtomicInteger mostHeld = new AtomicInteger();
        for (Kanthorq engine : new Kanthorq[] {kanthorq, second}) {
            String name = engine == kanthorq ? "first" : "second";
            startRecordingMostHeld(
                    engine,
                    "slow_handlers",
                    task -> {
                        byEngine.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet())
                                .add(task.event().id());
                        Thread.sleep(300);
                    },
                    fastOptions().withConcurrency(2),
                    mostHeld);
        }
        publishMany(12);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> states("slow_handlers").getOrDefault(TaskState.COMPLETED, 0L) == 12);
        // two handlers × 100 ms of work ahead is less than one 300 ms task: nothing queued
        assertThat(mostHeld.get()).isLessThanOrEqualTo(2);
        assertThat(byEngine).containsKeys("first", "second");
    }

    /** Starts {@code handler}'s worker; each run first records in {@code mostHeld} the most tasks it held. */
    private static void startRecordingMostHeld(
            Kanthorq engine, String consumer, TaskHandler handler, WorkerOptions options, AtomicInteger mostHeld) {
        AtomicReference<Worker> worker = new AtomicReference<>();
        worker.set(engine.startWorker(
                consumer,
                task -> {
                    Worker self = worker.get();
                    if (self != null) {
                        mostHeld.accumulateAndGet(self.inFlight(), Math::max);
                    }
                    handler.handle(task);
                },
                options));
    }
}
