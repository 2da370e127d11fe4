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

    private static final int THREADS = 20;

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
        List<Event> published = atOnce(THREADS, i -> {
            // each in a transaction of its own, held open a moment: the losers wait for the winner
            try (Connection connection = schema.connect()) {
                connection.setAutoCommit(false);
                Event event = kanthorq.publisher()
                        .publish(
                                connection,
                                STREAM,
                                NewEvent.of("payment.captured", "attempt " + i),
                                PublishOptions.DEFAULT.withIdempotencyKey("capture-42"));
                Thread.sleep(20);
                connection.commit();
                return event;
            }
        });
        assertThat(published)
                .extracting(Event::id)
                .hasSize(THREADS)
                .containsOnly(published.get(0).id());
        assertThat(count("SELECT count(*) FROM kanthorq_stream_order_update")).isEqualTo(1);
    }

    @Test
    void twentyThreadsPublishingTheSameKeyInAutoCommitWriteOneEventAndAllGetItsId() throws Exception {
        kanthorq.registrar().registerStream(STREAM);
        // statements that commit on their own insert without the conflict clause first: the losers'
        // statements fail on the unique index and run again with it
        List<List<Event>> published = atOnce(
                THREADS,
                i -> kanthorq.publisher()
                        .publishAll(
                                STREAM, List.of(keyed("capture-43", "attempt " + i), keyed("fresh-" + i, "own " + i))));
        for (int i = 0; i < THREADS; i++) {
            assertThat(published.get(i).get(0).id())
                    .isEqualTo(published.get(0).get(0).id());
            assertThat(published.get(i).get(1).bodyAsString()).isEqualTo("own " + i); // its own key: written
        }
        assertThat(count("SELECT count(*) FROM kanthorq_stream_order_update WHERE idempotency_key = 'capture-43'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM kanthorq_stream_order_update")).isEqualTo(1 + THREADS);
        assertThat(kanthorq.publisher().idempotentRepeats()).isEqualTo(THREADS - 1);
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

    /** Runs {@code call} for 0 to {@code threads - 1} on as many threads released at once; the results in order. */
    private static <T> List<T> atOnce(int threads, ThreadCall<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> calls = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                calls.add(pool.submit(() -> {
                    start.await();
                    return call.run(index);
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : calls) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The work of thread {@code i}. */
    private interface ThreadCall<T> {
        T run(int i) throws Exception;
    }

    private static NewEvent keyed(String key, String body) {
        return NewEvent.of("order.created", body).withOptions(PublishOptions.DEFAULT.withIdempotencyKey(key));
    }
}
