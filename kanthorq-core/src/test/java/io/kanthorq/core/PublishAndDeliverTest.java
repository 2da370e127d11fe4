package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.EngineTest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

class PublishAndDeliverTest extends EngineTest {

    @Test
    void deliversPublishedEventWithBodyAndMetadataToHandler() {
        register(consumer("send_email", "order.cancelled").build());
        List<TaskContext> seen = new CopyOnWriteArrayList<>();
        kanthorq.startWorker("send_email", seen::add, fastOptions());

        Event published = kanthorq.publisher()
                .publish(
                        STREAM,
                        new NewEvent(
                                "order.cancelled",
                                "{\"id\":7}".getBytes(StandardCharsets.UTF_8),
                                Map.of("tenant", "acme")));

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
        TaskContext task = seen.get(0);
        assertThat(task.consumer()).isEqualTo("send_email");
        assertThat(task.attempt()).isEqualTo(1);
        assertThat(task.event().id()).isEqualTo(published.id());
        assertThat(task.event().bodyAsString()).isEqualTo("{\"id\":7}");
        assertThat(task.event().metadata()).containsExactly(Map.entry("tenant", "acme"));
        assertThat(task.event().createdAt()).isEqualTo(published.createdAt());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> task("send_email", published.id()).state() == TaskState.COMPLETED);
    }

    @Test
    void aRetriedTaskCarriesItsEventsMetadataAgain() {
        register(consumer("flaky", "order.cancelled").build());
        Map<Integer, Map<String, String>> seen = new ConcurrentHashMap<>();
        kanthorq.startWorker(
                "flaky",
                task -> {
                    seen.put(task.attempt(), task.event().metadata());
                    if (task.attempt() == 1) {
                        throw new IllegalStateException("first attempt fails");
                    }
                },
                fastOptions());

        kanthorq.publisher()
                .publish(
                        STREAM,
                        new NewEvent(
                                "order.cancelled",
                                "{}".getBytes(StandardCharsets.UTF_8),
                                Map.of("tenant", "acme", "trace", "t-1")));

        // attempt 1 comes from the move, attempt 2 from a claim of the Retryable task
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.containsKey(2));
        assertThat(seen.get(1)).containsOnly(Map.entry("tenant", "acme"), Map.entry("trace", "t-1"));
        assertThat(seen.get(2)).isEqualTo(seen.get(1));
    }

    @Test
    void publishesABatchInOneStatementWithMonotonicIdsAndPerEventMetadata() throws Exception {
        kanthorq.registrar().registerStream(STREAM);
        List<Event> events = kanthorq.publisher()
                .publishAll(
                        STREAM,
                        List.of(
                                new NewEvent("order.created", new byte[] {1, 2}, Map.of("a", "1")),
                                new NewEvent("order.created", new byte[0], Map.of()),
                                new NewEvent("order.paid", new byte[] {3}, Map.of("b", "2", "c", "3"))));

        assertThat(events).extracting(Event::id).isSorted().doesNotHaveDuplicates();
        assertThat(count("SELECT count(*) FROM kanthorq_stream_order_update")).isEqualTo(3);
        assertThat(count("SELECT count(DISTINCT txid) FROM kanthorq_stream_order_update"))
                .isEqualTo(1);
        assertThat(count(
                        "SELECT count(*) FROM kanthorq_stream_order_update WHERE metadata = '{\"b\":\"2\",\"c\":\"3\"}'"
                                + " AND subject = 'order.paid' AND body = '\\x03'::bytea"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM kanthorq_stream_order_update WHERE metadata = '{}'"))
                .isEqualTo(1);
    }

    @Test
    void publishesABatchWithoutMetadataWithTheCreationTimeTheDatabaseStored() throws Exception {
        kanthorq.registrar().registerStream(STREAM);
        List<NewEvent> batch = List.of(
                NewEvent.of("order.created", "a"), NewEvent.of("order.paid", "b"), NewEvent.of("order.created", "c"));
        List<Event> events = kanthorq.publisher().publishAll(STREAM, batch);

        assertThat(events).extracting(Event::id).isSorted().doesNotHaveDuplicates();
        assertThat(events).extracting(Event::bodyAsString).containsExactly("a", "b", "c");
        long createdAt = events.get(0).createdAt().toEpochMilli();
        assertThat(count("SELECT count(*) FROM kanthorq_stream_order_update WHERE created_at = " + createdAt
                        + " AND metadata = '{}'"))
                .isEqualTo(3);
        assertThat(count("SELECT count(*) FROM kanthorq_stream_order_update WHERE id = '"
                        + events.get(1).id() + "' AND subject = 'order.paid' AND body = 'b'::bytea"))
                .isEqualTo(1);
    }

    @Test
    void runsNoMoreHandlersAtOnceThanItsConcurrencyWhilePrefetching() {
        register(consumer("slow", "order.>").build());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Set<String> handled = ConcurrentHashMap.newKeySet();
        kanthorq.startWorker(
                "slow",
                task -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(10);
                    } finally {
                        running.decrementAndGet();
                    }
                    handled.add(task.event().id());
                },
                fastOptions().withConcurrency(3).withPrefetch(20));

        publishMany(90);

        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 90);
        assertThat(mostAtOnce).hasValue(3);
    }

    @Test
    void publishJoinsTheCallersTransactionAndRollbackPublishesNothing() throws Exception {
        kanthorq.registrar().registerStream(STREAM);
        try (Connection connection = schema.connect()) {
            connection.setAutoCommit(false);
            kanthorq.publisher().publish(connection, STREAM, NewEvent.of("order.created", "x"));
            connection.rollback();
            kanthorq.publisher().publish(connection, STREAM, NewEvent.of("order.created", "y"));
            connection.commit();
        }
        assertThat(count("SELECT count(*) FROM kanthorq_stream_order_update")).isEqualTo(1);
    }

    @Test
    void notifiesOncePerTransactionPerStream() throws Exception {
        kanthorq.registrar().registerStream(STREAM);
        try (Connection listener = schema.connect();
                Connection publisher = schema.connect()) {
            listener.createStatement().execute("LISTEN kanthorq");
            publisher.setAutoCommit(false);
            for (int i = 0; i < 5; i++) {
                kanthorq.publisher().publish(publisher, STREAM, NewEvent.of("order.created", "e" + i));
            }
            kanthorq.publisher()
                    .publishAll(
                            publisher,
                            STREAM,
                            List.of(NewEvent.of("order.created", "a"), NewEvent.of("order.created", "b")));
            publisher.commit();

            PGConnection pg = listener.unwrap(PGConnection.class);
            Map<String, Integer> received = new ConcurrentHashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() < deadline) {
                PGNotification[] batch = pg.getNotifications(100);
                if (batch != null) {
                    for (PGNotification n : batch) {
                        received.merge(n.getParameter(), 1, Integer::sum);
                    }
                }
            }
            assertThat(received).containsExactly(Map.entry(STREAM, 1));
        }
    }

    @Test
    void rejectsInvalidSubjectOversizedBodyAndUnknownStreamWithClearErrors() throws Exception {
        kanthorq.registrar().registerStream(STREAM);
        EventPublisher publisher = Kanthorq.builder(ConnectionProvider.of(schema.dataSource()))
                .maxBodySize(10)
                .build()
                .publisher();

        assertThatThrownBy(() -> publisher.publish(STREAM, NewEvent.of("order..created", "x")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'order..created'");
        assertThatThrownBy(() -> publisher.publish(STREAM, NewEvent.of("order.created", "01234567890")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("11 bytes exceeds max-body-size of 10 bytes");
        assertThatThrownBy(() -> publisher.publish("nowhere", NewEvent.of("order.created", "x")))
                .isInstanceOf(KanthorqException.class)
                .hasMessageContaining("stream 'nowhere' is not registered");
        assertThat(count("SELECT count(*) FROM kanthorq_stream_order_update")).isZero();
    }
}
