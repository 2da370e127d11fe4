package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.EngineTest;
import io.kanthorq.core.testsupport.ReliabilityFigures;
import io.kanthorq.core.testsupport.Soak;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A rolling deployment under load: three instances, each stopped and started again in turn (every
 * start registers the topology, alternately changing a setting, as a new release would), while
 * publishers hold transactions of up to 2 s open and workers drain. Every start succeeds, no publish
 * waits longer than its own transaction plus a second, nothing is lost.
 */
class RollingRestartTest extends EngineTest {

    private static final List<String> CONSUMERS = List.of("rolling_all", "rolling_star");

    private final Map<String, Set<String>> handled = new ConcurrentHashMap<>();
    private final AtomicReference<Throwable> publisherFailure = new AtomicReference<>();

    @Test
    void everyStartSucceedsAndNoPublishIsHeldUpWhileInstancesRestartInTurn() throws Exception {
        int rounds = Soak.scale(10, 50);
        CONSUMERS.forEach(consumer -> handled.put(consumer, ConcurrentHashMap.newKeySet()));
        Kanthorq[] instances = new Kanthorq[3];
        for (int i = 0; i < instances.length; i++) {
            instances[i] = startInstance(5);
        }
        Set<String> published = ConcurrentHashMap.newKeySet();
        AtomicBoolean publishing = new AtomicBoolean(true);
        AtomicLong worstExtraMs = new AtomicLong();
        AtomicLong transactions = new AtomicLong();
        List<Thread> publishers = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            Thread publisher = new Thread(
                    () -> publish(publishing, published, worstExtraMs, transactions), "rolling-publisher-" + p);
            publisher.start();
            publishers.add(publisher);
        }

        long slowestStartMs = 0;
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < instances.length; i++) {
                instances[i].stop();
                long started = System.nanoTime();
                instances[i] = startInstance(5 + round % 2);
                slowestStartMs = Math.max(slowestStartMs, (System.nanoTime() - started) / 1_000_000);
            }
        }
        publishing.set(false);
        for (Thread publisher : publishers) {
            publisher.join();
        }
        assertThat(publisherFailure.get()).isNull();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> CONSUMERS.stream()
                        .allMatch(consumer -> handled.get(consumer).containsAll(published)));
        for (Kanthorq instance : instances) {
            instance.stop();
        }
        ReliabilityFigures.record(
                "rolling restart: 3 instances x " + rounds + " restarts",
                ReliabilityFigures.figures(
                        "starts", rounds * instances.length,
                        "slowest start (ms)", slowestStartMs,
                        "publisher transactions", transactions.get(),
                        "longest wait beyond a transaction's own time (ms)", worstExtraMs.get(),
                        "events", published.size(),
                        "lost",
                                CONSUMERS.stream()
                                        .mapToLong(c -> published.stream()
                                                .filter(id -> !handled.get(c).contains(id))
                                                .count())
                                        .sum()));
        assertThat(transactions.get()).isGreaterThan(5);
        assertThat(worstExtraMs.get()).isLessThan(1000);
        assertThat(count("SELECT count(*) FROM kanthorq_stream_order_update")).isEqualTo(published.size());
    }

    // An application start: register the topology, then start its workers.
    private Kanthorq startInstance(int attemptMax) {
        Kanthorq instance = newEngine();
        instance.registrar()
                .registerAll(
                        List.of(STREAM),
                        List.of(
                                consumer("rolling_all", "order.>")
                                        .attemptMax(attemptMax)
                                        .build(),
                                consumer("rolling_star", "order.*")
                                        .attemptMax(attemptMax)
                                        .build()));
        for (String consumer : CONSUMERS) {
            instance.startWorker(
                    consumer, task -> handled.get(consumer).add(task.event().id()), fastOptions());
        }
        return instance;
    }

    // Business transactions of up to 2 s that publish a few events; each is timed against the time it chose to take.
    private void publish(
            AtomicBoolean publishing, Set<String> published, AtomicLong worstExtraMs, AtomicLong transactions) {
        try (Connection connection = schema.connect()) {
            connection.setAutoCommit(false);
            while (publishing.get()) {
                long holdMs = ThreadLocalRandom.current().nextLong(2000);
                long started = System.nanoTime();
                List<String> ids = new ArrayList<>();
                for (int e = 0; e < 3; e++) {
                    ids.add(kanthorq.publisher()
                            .publish(
                                    connection,
                                    STREAM,
                                    NewEvent.of(e == 0 ? "order.created" : "order.updated", "payload"))
                            .id());
                }
                Thread.sleep(holdMs);
                connection.commit();
                published.addAll(ids);
                transactions.incrementAndGet();
                long extraMs = (System.nanoTime() - started) / 1_000_000 - holdMs;
                worstExtraMs.accumulateAndGet(extraMs, Math::max);
            }
        } catch (Exception e) {
            publisherFailure.set(e);
        }
    }
}
