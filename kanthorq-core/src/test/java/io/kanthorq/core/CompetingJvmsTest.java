package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.EngineTest;
import io.kanthorq.core.testsupport.ReliabilityFigures;
import io.kanthorq.core.testsupport.Soak;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reliability 4, across processes: four worker JVMs compete for one consumer. With no lease expiring,
 * every task is completed exactly once and no handler runs twice.
 */
class CompetingJvmsTest extends EngineTest {

    private static final int JVMS = 4;

    @Test
    void fourWorkerJvmsCompleteEveryTaskExactlyOnce() throws Exception {
        int events = Soak.scale(2_000, 20_000);
        register(consumer("across_jvms", "order.>").build());
        createHandledTable();
        publishMany(events);

        List<Process> workers = new ArrayList<>();
        try {
            for (int i = 0; i < JVMS; i++) {
                // 20 ms per task: long enough that the first JVM up cannot drain the backlog (2000 × 20 ms
                // over its 4 handlers is 10 s) before the others have started (a few seconds on 2 cores)
                workers.add(startWorkerJvm("across_jvms", 20));
            }
            await().atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> states("across_jvms").getOrDefault(TaskState.COMPLETED, 0L) == events);
        } finally {
            workers.forEach(Process::destroy);
            for (Process worker : workers) {
                worker.waitFor();
            }
        }

        assertThat(states("across_jvms")).containsExactly(Map.entry(TaskState.COMPLETED, (long) events));
        assertThat(count("SELECT count(*) FROM handled")).isEqualTo(events);
        assertThat(count("SELECT count(DISTINCT event_id) FROM handled")).isEqualTo(events);
        long processes = count("SELECT count(DISTINCT pid) FROM handled");
        assertThat(processes).as("worker JVMs that took part").isGreaterThanOrEqualTo(2);
        ReliabilityFigures.record(
                "4b. four competing worker JVMs, one consumer",
                ReliabilityFigures.figures(
                        "tasks",
                        events,
                        "completed",
                        events,
                        "handler runs",
                        count("SELECT count(*) FROM handled"),
                        "duplicates",
                        0,
                        "JVMs that handled tasks",
                        processes));
    }
}
