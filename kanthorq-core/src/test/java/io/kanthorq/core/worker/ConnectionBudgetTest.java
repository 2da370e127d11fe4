package io.kanthorq.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.testsupport.CountingConnections;
import io.kanthorq.core.testsupport.EngineTest;
import io.kanthorq.core.testsupport.HandleCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The workers of an engine hold no more connections than its budget, however many consumers are busy. */
class ConnectionBudgetTest extends EngineTest {

    @Test
    void sixBusyConsumersShareTwoWorkerConnectionsAndLoseNothing() {
        CountingConnections connections = new CountingConnections(schema.dataSource());
        Kanthorq engine = Kanthorq.builder(connections).workerConnections(2).build();
        stopAfterTest(engine);
        List<HandleCounts> handled = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String name = "budget_" + i;
            register(consumer(name, "order.>").build());
            HandleCounts counts = new HandleCounts();
            handled.add(counts);
            engine.startWorker(name, counts::record, fastOptions().withConcurrency(4));
        }
        // from here on only the workers use this engine (starting one reads the registry on the caller's thread)
        connections.resetMostOpen();
        publishMany(600);

        await().atMost(Duration.ofSeconds(30)).until(() -> handled.stream().allMatch(c -> c.events() == 600));
        // two for the workers, one for LISTEN
        assertThat(connections.mostOpen()).isLessThanOrEqualTo(3);
    }
}
