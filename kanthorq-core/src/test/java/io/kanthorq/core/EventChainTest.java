package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.EngineTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EventChainTest extends EngineTest {

    @Test
    void eventsPublishedByHandlersJoinTheChainOfTheirTasksEventThroughEveryGeneration() {
        register(consumer("refunds", "order.cancelled").build());
        register(consumer("receipts", "refund.issued").build());
        register(consumer("mailer", "receipt.created").build());
        kanthorq.startWorker(
                "refunds",
                task -> kanthorq.publisher().publish(STREAM, NewEvent.of("refund.issued", "r")),
                fastOptions());
        kanthorq.startWorker(
                "receipts",
                task -> kanthorq.publisher()
                        .publishAll(
                                STREAM,
                                List.of(NewEvent.of("receipt.created", "a"), NewEvent.of("receipt.created", "b"))),
                fastOptions());
        kanthorq.startWorker("mailer", task -> {}, fastOptions());

        Event order = publish("order.cancelled", "order 7");
        assertThat(order.correlationId()).isEqualTo(order.id());
        assertThat(order.causationId()).isNull();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> kanthorq.management().chain(STREAM, order.id()).size() == 4);
        List<Event> chain = kanthorq.management().chain(STREAM, order.id());
        Map<String, Event> bySubject = chain.stream().collect(Collectors.toMap(Event::subject, e -> e, (a, b) -> a));
        assertThat(chain).extracting(Event::correlationId).containsOnly(order.id());
        assertThat(chain.get(0).id()).isEqualTo(order.id());
        Event refund = bySubject.get("refund.issued");
        assertThat(refund.causationId()).isEqualTo(order.id());
        assertThat(chain.stream().filter(e -> e.subject().equals("receipt.created")))
                .hasSize(2)
                .allSatisfy(receipt -> assertThat(receipt.causationId()).isEqualTo(refund.id()));
        // an unrelated event is a chain of its own
        Event other = publish("order.created", "elsewhere");
        assertThat(kanthorq.management().chain(STREAM, other.id()))
                .extracting(Event::id)
                .containsExactly(other.id());
    }

    @Test
    void anExplicitCorrelationIdJoinsThatChainAndAHandlerKeepsIt() {
        register(consumer("follows", "checkout.started").build());
        kanthorq.startWorker(
                "follows",
                task -> kanthorq.publisher().publish(STREAM, NewEvent.of("checkout.paid", "p")),
                fastOptions());

        Event started = kanthorq.publisher()
                .publish(
                        STREAM,
                        NewEvent.of("checkout.started", "s"),
                        PublishOptions.DEFAULT.withCorrelationId("http-request-42"));

        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        kanthorq.management().chain(STREAM, "http-request-42").size() == 2);
        List<Event> chain = kanthorq.management().chain(STREAM, "http-request-42");
        assertThat(chain.get(0).id()).isEqualTo(started.id());
        assertThat(chain.get(0).causationId()).isNull();
        assertThat(chain.get(1).subject()).isEqualTo("checkout.paid");
        assertThat(chain.get(1).causationId()).isEqualTo(started.id());
    }

    @Test
    void aPublishOffTheHandlersThreadIsARoot() throws Exception {
        register(consumer("hands_off", "order.cancelled").build());
        java.util.concurrent.ExecutorService elsewhere = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            kanthorq.startWorker(
                    "hands_off",
                    task -> elsewhere
                            .submit(() -> kanthorq.publisher().publish(STREAM, NewEvent.of("note.added", "n")))
                            .get(),
                    fastOptions());
            Event order = publish("order.cancelled", "x");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> kanthorq.management()
                                    .events(STREAM, io.kanthorq.core.management.EventQuery.first(10))
                                    .size()
                            == 2);
            Event note = kanthorq.management()
                    .events(STREAM, io.kanthorq.core.management.EventQuery.first(10))
                    .get(1);
            assertThat(note.causationId()).isNull();
            assertThat(note.correlationId()).isEqualTo(note.id()).isNotEqualTo(order.id());
        } finally {
            elsewhere.shutdownNow();
        }
    }
}
