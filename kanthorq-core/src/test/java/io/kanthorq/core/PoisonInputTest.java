package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.management.TaskRecord;
import io.kanthorq.core.testsupport.EngineTest;
import io.kanthorq.core.testsupport.ReliabilityFigures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Reliability 6: a poison payload only costs its own task; oversized bodies are refused whole. */
class PoisonInputTest extends EngineTest {

    @Test
    void aHandlerThatThrowsForOnePayloadDiscardsOnlyThatTaskWhileTheRestFlow() {
        register(consumer("poisoned", "order.>").attemptMax(3).build());
        Set<String> handled = ConcurrentHashMap.newKeySet();
        kanthorq.startWorker(
                "poisoned",
                task -> {
                    if (task.event().bodyAsString().equals("poison")) {
                        throw new IllegalArgumentException("cannot parse order");
                    }
                    handled.add(task.event().id());
                },
                fastOptions());

        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(NewEvent.of("order.created", i == 100 ? "poison" : "ok " + i));
        }
        List<Event> published = kanthorq.publisher().publishAll(STREAM, events);

        await().atMost(Duration.ofSeconds(15))
                .until(() -> states("poisoned").getOrDefault(TaskState.COMPLETED, 0L) == 199
                        && states("poisoned").getOrDefault(TaskState.DISCARDED, 0L) == 1);
        TaskRecord poison = task("poisoned", published.get(100).id());
        assertThat(poison.state()).isEqualTo(TaskState.DISCARDED);
        assertThat(poison.errors())
                .hasSize(3)
                .allSatisfy(e -> assertThat(e.message()).isEqualTo("cannot parse order"));
        assertThat(handled).hasSize(199);
        ReliabilityFigures.record(
                "6. one poison payload among 200",
                ReliabilityFigures.figures(
                        "completed",
                        199,
                        "discarded",
                        1,
                        "attempts of the poison task",
                        poison.errors().size()));
    }

    @Test
    void aBodyOverMaxBodySizeIsRejectedAtPublishAndNothingOfItsBatchIsWritten() throws Exception {
        kanthorq.registrar().registerStream(STREAM);
        Kanthorq small = Kanthorq.builder(ConnectionProvider.of(schema.dataSource()))
                .maxBodySize(64)
                .build();

        assertThatThrownBy(() -> small.publisher()
                        .publishAll(
                                STREAM,
                                List.of(
                                        NewEvent.of("order.created", "fits"),
                                        NewEvent.of("order.created", "x".repeat(65)))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("event body of 65 bytes exceeds max-body-size of 64 bytes (stream 'order_update', subject"
                        + " 'order.created')");
        assertThat(count("SELECT count(*) FROM kanthorq_stream_order_update")).isZero();
        assertThat(small.publisher()
                        .publish(STREAM, NewEvent.of("order.created", "x".repeat(64)))
                        .body())
                .hasSize(64);
    }
}
