package io.kanthorq.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.NewEvent;
import io.kanthorq.core.RetryLaterException;
import io.kanthorq.core.testsupport.CountingConnections;
import io.kanthorq.core.testsupport.EngineTest;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Idle workers park with the engine's scanner: one statement per poll interval watches all of them, whatever
 * their number, and they still wake for new events, for retries that come due and for expired leases.
 */
class IdleScanTest extends EngineTest {

    private static final int CONSUMERS = 30;

    private CountingConnections connections;

    /** An engine whose connections are counted: each engine statement or transaction borrows one. */
    private Kanthorq countingEngine() {
        connections = new CountingConnections(schema.dataSource());
        Kanthorq engine = Kanthorq.builder(connections).build();
        stopAfterTest(engine);
        return engine;
    }

    @Test
    void thirtyIdleConsumersCostOneScanPerPollIntervalAndStillWake() {
        Kanthorq engine = countingEngine();
        Set<String> handled = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < CONSUMERS; i++) {
            String name = "idle_" + i;
            register(consumer(name, "order.>").build());
            engine.startWorker(
                    name, task -> handled.add(name + "/" + task.event().id()), fastOptions());
        }
        // settle: every loop has taken its first turn and parked
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);

        int before = connections.borrowed();
        await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        int idle = connections.borrowed() - before;
        // 2 s at a 200 ms poll interval: about 10 scans; polling loops would need about 3 per consumer per poll
        assertThat(idle).as("connections borrowed by 30 idle workers in 2 s").isLessThanOrEqualTo(20);

        String id = kanthorq.publisher()
                .publish(STREAM, NewEvent.of("order.created", "x"))
                .id();
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.size() == CONSUMERS);
        assertThat(handled).allMatch(entry -> entry.endsWith("/" + id));
    }

    @Test
    void aParkedWorkerWakesForItsRetryWhenItComesDue() {
        Kanthorq engine = countingEngine();
        register(consumer("retries_later", "order.>").build());
        AtomicInteger attempts = new AtomicInteger();
        engine.startWorker(
                "retries_later",
                task -> {
                    if (attempts.incrementAndGet() == 1) {
                        throw new RetryLaterException(Duration.ofMillis(700));
                    }
                },
                fastOptions().withPollInterval(Duration.ofSeconds(30)));
        publish("order.created", "x");

        // the retry is due long before the next full scan (30 s): only the scheduled wake-up can deliver it
        await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 2);
    }
}
