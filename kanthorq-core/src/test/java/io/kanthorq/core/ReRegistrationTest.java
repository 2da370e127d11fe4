package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.EngineTest;
import io.kanthorq.core.worker.Moves;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReRegistrationTest extends EngineTest {

    @Test
    void reRegisteringWithANewAttemptMaxChangesBehaviour() {
        register(consumer("changing", "order.>").attemptMax(10).build());
        register(consumer("changing", "order.>").attemptMax(1).build());
        AtomicInteger calls = new AtomicInteger();
        kanthorq.startWorker(
                "changing",
                task -> {
                    calls.incrementAndGet();
                    throw new RuntimeException("fails");
                },
                fastOptions());

        Event event = publish("order.created", "x");

        await().atMost(Duration.ofSeconds(5))
                .until(() -> task("changing", event.id()).state() == TaskState.DISCARDED);
        assertThat(task("changing", event.id()).attemptCount()).isEqualTo(1);
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void reRegisteringKeepsTheCursorAndChangedFiltersApplyToNewEvents() throws Exception {
        register(consumer("refiltered", "order.created").build());
        publish("order.created", "1");
        Moves mover = Moves.over(schema.dataSource());
        mover.move("refiltered", 100);
        String cursor = cursor("refiltered");

        register(consumer("refiltered", "order.created", "order.cancelled")
                .attemptMax(2)
                .build());

        assertThat(cursor("refiltered")).isEqualTo(cursor);
        publish("order.cancelled", "2");
        mover.move("refiltered", 100);
        assertThat(count("SELECT count(*) FROM kanthorq_consumer_refiltered")).isEqualTo(2);
        assertThat(count("SELECT attempt_max FROM kanthorq_consumer_registry WHERE name = 'refiltered'"))
                .isEqualTo(2);
    }

    @Test
    void rejectsMovingAConsumerToAnotherStream() {
        register(consumer("moving", "order.>").build());
        assertThatThrownBy(() -> register(
                        ConsumerDefinition.builder("moving", "payments").build()))
                .isInstanceOf(KanthorqException.class)
                .hasMessageContaining("consumer 'moving' reads stream 'order_update'")
                .hasMessageContaining("'payments'");
    }

    private String cursor(String consumer) throws Exception {
        try (var connection = schema.connect();
                var statement = connection.prepareStatement(
                        "SELECT cursor_snapshot::text FROM kanthorq_consumer_registry WHERE name = ?")) {
            statement.setString(1, consumer);
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
