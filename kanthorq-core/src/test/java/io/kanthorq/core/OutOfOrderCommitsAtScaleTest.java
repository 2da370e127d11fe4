package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.EngineTest;
import io.kanthorq.core.testsupport.HandleCounts;
import io.kanthorq.core.testsupport.ReliabilityFigures;
import io.kanthorq.core.testsupport.Soak;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reliability 1: many publishers committing out of id order lose nothing, in every consumer. */
class OutOfOrderCommitsAtScaleTest extends EngineTest {

    private static final int PUBLISHERS = 20;

    @Test
    void everyEventBecomesExactlyOneTaskInEachConsumerAndIsHandled() throws Exception {
        int events = Soak.scale(10_000, 50_000);
        register(consumer("first_consumer", "order.>").build());
        register(consumer("second_consumer", "order.>").build());
        Map<String, HandleCounts> handled = new ConcurrentHashMap<>();
        for (String consumer : List.of("first_consumer", "second_consumer")) {
            HandleCounts counts = new HandleCounts();
            handled.put(consumer, counts);
            kanthorq.startWorker(
                    consumer, counts::record, fastOptions().withConcurrency(16).withBatchSize(200));
        }

        // each publisher runs transactions of 1–20 events with a random 0–200 ms pause inside,
        // so ids are taken long before commit and transactions commit in no particular order
        ExecutorService publishers = Executors.newFixedThreadPool(PUBLISHERS);
        AtomicInteger remaining = new AtomicInteger(events);
        List<Future<Integer>> results = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            results.add(publishers.submit(() -> {
                int published = 0;
                try (Connection connection = schema.connect()) {
                    connection.setAutoCommit(false);
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (true) {
                        int size = Math.min(random.nextInt(1, 21), Math.max(0, remaining.getAndAdd(-20)));
                        if (size <= 0) {
                            return published;
                        }
                        remaining.addAndGet(20 - size);
                        for (int i = 0; i < size; i++) {
                            kanthorq.publisher().publish(connection, STREAM, NewEvent.of("order.created", "x"));
                            if (i == 0) {
                                Thread.sleep(random.nextInt(0, 201));
                            }
                        }
                        connection.commit();
                        published += size;
                    }
                }
            }));
        }
        long started = System.nanoTime();
        int published = 0;
        for (Future<Integer> result : results) {
            published += result.get();
        }
        publishers.shutdown();
        assertThat(published).isEqualTo(events);

        for (String consumer : handled.keySet()) {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> states(consumer).getOrDefault(TaskState.COMPLETED, 0L) == events);
            assertThat(states(consumer)).containsExactly(Map.entry(TaskState.COMPLETED, (long) events));
            assertThat(handled.get(consumer).events()).isEqualTo(events);
            long duplicates = handled.get(consumer).duplicates();
            assertThat(duplicates).as("duplicates in %s", consumer).isZero();
        }
        assertThat(count("SELECT count(*) FROM kanthorq_stream_order_update")).isEqualTo(events);
        ReliabilityFigures.record(
                "1. out-of-order commits, 20 publishers, 2 consumers",
                ReliabilityFigures.figures(
                        "published",
                        events,
                        "tasks per consumer",
                        events,
                        "handled per consumer",
                        events,
                        "duplicates",
                        0,
                        "lost",
                        0,
                        "seconds to publish and handle all",
                        (System.nanoTime() - started) / 1_000_000_000));
    }
}
