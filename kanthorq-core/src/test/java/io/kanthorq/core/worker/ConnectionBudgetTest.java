package io.kanthorq.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.testsupport.EngineTest;
import io.kanthorq.core.testsupport.HandleCounts;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The workers of an engine hold no more connections than its budget, however many consumers are busy. */
class ConnectionBudgetTest extends EngineTest {

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();

    @Test
    void sixBusyConsumersShareTwoWorkerConnectionsAndLoseNothing() {
        ConnectionProvider pool = ConnectionProvider.of(schema.dataSource());
        Kanthorq engine = Kanthorq.builder(new ConnectionProvider() {
                    @Override
                    public Connection acquire() throws SQLException {
                        mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                        return pool.acquire();
                    }

                    @Override
                    public void release(Connection connection) throws SQLException {
                        open.decrementAndGet();
                        pool.release(connection);
                    }
                })
                .workerConnections(2)
                .build();
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
        mostOpen.set(open.get());
        publishMany(600);

        await().atMost(Duration.ofSeconds(30)).until(() -> handled.stream().allMatch(c -> c.events() == 600));
        // two for the workers, one for LISTEN
        assertThat(mostOpen.get()).isLessThanOrEqualTo(3);
    }
}
