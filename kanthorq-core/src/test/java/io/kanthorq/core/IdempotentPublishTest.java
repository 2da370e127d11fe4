package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanthorq.core.testsupport.EngineTest;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class IdempotentPublishTest extends EngineTest {

    @Test
    void aSecondPublishWithTheSameKeyWritesNothingAndReturnsTheFirstEvent() throws Exception {
        kanthorq.registrar().registerStream(STREAM);
        PublishOptions once = PublishOptions.DEFAULT.withIdempotencyKey("order-1:created");

        Event first = kanthorq.publisher()
                .publish(STREAM, new NewEvent("order.created", "first".getBytes(), Map.of("by", "api")), once);
        Event again = kanthorq.publisher().publish(STREAM, NewEvent.of("order.created", "second"), once);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.bodyAsString()).isEqualTo("first");
        assertThat(again.metadata()).containsEntry("by", "api");
        assertThat(again.createdAt()).isEqualTo(first.createdAt());
        assertThat(count("SELECT count(*) FROM kanthorq_stream_order_update")).isEqualTo(1);
        assertThat(kanthorq.publisher().idempotentRepeats()).isEqualTo(1);
    }

    @Test
    void twentyThreadsPublishingTheSameKeyAtOnceWriteOneEventAndAllGetItsId() throws Exception {
        kanthorq.registrar().registerStream(STREAM);
        int threads = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Event>> calls = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String body = "attempt " + i;
                calls.add(pool.submit(() -> {
                    start.await();
                    // each in a transaction of its own, held open a moment: the losers wait for the winner
                    try (Connection connection = schema.connect()) {
                        connection.setAutoCommit(false);
                        Event event = kanthorq.publisher()
                                .publish(
                                        connection,
                                        STREAM,
                                        NewEvent.of("payment.captured", body),
                                        PublishOptions.DEFAULT.withIdempotencyKey("capture-42"));
                        Thread.sleep(20);
                        connection.commit();
                        return event;
                    }
                }));
            }
            start.countDown();
            List<String> ids = new ArrayList<>();
            for (Future<Event> call : calls) {
                ids.add(call.get().id());
            }
            assertThat(ids).hasSize(threads).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM kanthorq_stream_order_update")).isEqualTo(1);
    }

    @Test
    void twentyThreadsPublishingTheSameKeyInAutoCommitWriteOneEventAndAllGetItsId() throws Exception {
        kanthorq.registrar().registerStream(STREAM);
        int threads = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<Event>>> calls = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String body = "attempt " + i;
                calls.add(pool.submit(() -> {
                    start.await();
                    // statements that commit on their own insert without the conflict clause first: the
                    // losers' statements fail on the unique index and run again with it
                    return kanthorq.publisher()
                            .publishAll(STREAM, List.of(keyed("capture-43", body), keyed("fresh-" + body, body)));
                }));
            }
            start.countDown();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                List<Event> published = calls.get(i).get();
                ids.add(published.get(0).id());
                assertThat(published.get(1).bodyAsString()).isEqualTo("attempt " + i); // its own key: written
            }
            assertThat(ids).hasSize(threads).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("SELECT count(*) FROM kanthorq_stream_order_update WHERE idempotency_key = 'capture-43'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM kanthorq_stream_order_update")).isEqualTo(1 + threads);
        assertThat(kanthorq.publisher().idempotentRepeats()).isEqualTo(threads - 1);
    }

    @Test
    void aBatchInsideATransactionRepeatingAPublishedKeyWritesOnlyTheNewOnes() throws Exception {
        kanthorq.registrar().registerStream(STREAM);
        Event existing = kanthorq.publisher().publish(STREAM, keyed("b", "b0"));

        List<Event> events;
        try (Connection connection = schema.connect()) {
            connection.setAutoCommit(false);
            events = kanthorq.publisher()
                    .publishAll(connection, STREAM, List.of(keyed("a", "a1"), keyed("b", "b1"), keyed("c", "c1")));
            connection.commit();
        }

        assertThat(events).extracting(Event::bodyAsString).containsExactly("a1", "b0", "c1");
        assertThat(events.get(1).id()).isEqualTo(existing.id());
        assertThat(count("SELECT count(*) FROM kanthorq_stream_order_update")).isEqualTo(3);
    }

    @Test
    void aBatchWithRepeatedKeysWritesEachKeyOnce() throws Exception {
        kanthorq.registrar().registerStream(STREAM);
        kanthorq.publisher()
                .publish(
                        STREAM,
                        NewEvent.of("order.created", "existing"),
                        PublishOptions.DEFAULT.withIdempotencyKey("c"));

        List<Event> events = kanthorq.publisher()
                .publishAll(
                        STREAM,
                        List.of(
                                keyed("a", "a1"),
                                keyed("b", "b1"),
                                keyed("a", "a2"),
                                NewEvent.of("order.created", "no key"),
                                keyed("c", "c1"),
                                keyed("b", "b2")));

        assertThat(events)
                .extracting(Event::bodyAsString)
                .containsExactly("a1", "b1", "a1", "no key", "existing", "b1");
        assertThat(events.get(2).id()).isEqualTo(events.get(0).id());
        assertThat(events.get(5).id()).isEqualTo(events.get(1).id());
        assertThat(count("SELECT count(*) FROM kanthorq_stream_order_update")).isEqualTo(4);
        assertThat(kanthorq.publisher().idempotentRepeats()).isEqualTo(3);
    }

    @Test
    void optionsAreStoredWithTheEventAndHandlersSeeThem() throws Exception {
        register(consumer("sees_options", "order.>").build());
        java.util.concurrent.BlockingQueue<Event> handled = new java.util.concurrent.LinkedBlockingQueue<>();
        kanthorq.startWorker("sees_options", task -> handled.add(task.event()), fastOptions());

        Event published = kanthorq.publisher()
                .publish(
                        STREAM,
                        NewEvent.of("order.created", "x"),
                        PublishOptions.DEFAULT
                                .withKey("order-7")
                                .withCorrelationId("checkout-99")
                                .withMetadata(Map.of("tenant", "acme")));

        Event seen = handled.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(seen).isNotNull();
        assertThat(seen.id()).isEqualTo(published.id());
        assertThat(seen.orderingKey()).isEqualTo("order-7");
        assertThat(seen.correlationId()).isEqualTo("checkout-99");
        assertThat(seen.causationId()).isNull();
        assertThat(seen.metadata()).containsEntry("tenant", "acme");
        Event root = kanthorq.publisher().publish(STREAM, NewEvent.of("order.created", "root"));
        assertThat(root.correlationId()).isEqualTo(root.id());
        assertThat(kanthorq.management().event(STREAM, root.id()).orElseThrow().correlationId())
                .isEqualTo(root.id());
    }

    private static NewEvent keyed(String key, String body) {
        return NewEvent.of("order.created", body).withOptions(PublishOptions.DEFAULT.withIdempotencyKey(key));
    }
}
