package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.EngineTest;
import io.kanthorq.core.testsupport.ReliabilityFigures;
import io.kanthorq.core.testsupport.Soak;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Reliability 7: a publisher whose own transaction stays open delays only its own events, which are
 * delivered right after it commits; other events keep flowing meanwhile.
 */
class LongTransactionsTest extends EngineTest {

    @Test
    void aPublishersLongTransactionDelaysOnlyItsOwnEvents() throws Exception {
        Duration open = Duration.ofSeconds(Soak.scale(10, 60));
        register(consumer("long_tx", "order.>").build());
        Set<String> handled = ConcurrentHashMap.newKeySet();
        Map<String, Long> handledAt = new ConcurrentHashMap<>();
        kanthorq.startWorker(
                "long_tx",
                task -> {
                    handledAt.put(task.event().id(), System.nanoTime());
                    handled.add(task.event().id());
                },
                fastOptions());

        try (Connection slow = schema.connect()) {
            slow.setAutoCommit(false);
            Event held = kanthorq.publisher().publish(slow, STREAM, NewEvent.of("order.created", "held"));
            long until = System.nanoTime() + open.toNanos();
            int others = 0;
            while (System.nanoTime() < until) {
                Event other = publish("order.created", "other " + others++);
                await().atMost(Duration.ofSeconds(5)).until(() -> handled.contains(other.id()));
                await().pollDelay(Duration.ofMillis(500)).until(() -> true);
            }
            assertThat(handled).doesNotContain(held.id());
            assertThat(others).isGreaterThan(5);

            long committed = System.nanoTime(); // just before the commit: delivery can beat commit()'s return
            slow.commit();
            await().atMost(Duration.ofSeconds(5)).until(() -> handled.contains(held.id()));
            ReliabilityFigures.record(
                    "7. publisher transaction open " + open.toSeconds() + " s",
                    ReliabilityFigures.figures(
                            "other events delivered meanwhile (each within 5 s)",
                            others,
                            "ms from commit to the held event's handler",
                            String.format("%.1f", (handledAt.get(held.id()) - committed) / 1e6),
                            "lost",
                            0));
        }
        assertThat(count("SELECT count(*) FROM kanthorq_stream_order_update")).isEqualTo(handled.size());
    }
}
