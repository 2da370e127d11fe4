package io.kanthorq.core.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.Event;
import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.Worker;
import io.kanthorq.core.internal.TableNames;
import io.kanthorq.core.testsupport.EngineTest;
import io.kanthorq.core.worker.Moves;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The management API on real PostgreSQL: figures, task pages, redrive, pause, remove, replay, events. */
class ManagementTest extends EngineTest {

    private Management management() {
        return kanthorq.management();
    }

    private Moves mover() {
        return Moves.over(schema.dataSource());
    }

    @Test
    void readsTheBacklogOfEveryConsumerTogetherWithTheSameNumbersAsOneByOne() throws Exception {
        register(consumer("moved_all", "order.>").build());
        register(consumer("moved_none", "order.>").build());
        register(consumer("audit_only", "audit.>").build());
        for (int i = 0; i < 5; i++) {
            publish("order.created", String.valueOf(i));
        }
        mover().move("moved_all", 100);
        try (Connection connection = schema.connect()) {
            connection
                    .createStatement()
                    .execute("UPDATE kanthorq_consumer_moved_all SET state = "
                            + TaskState.DISCARDED.code() + " WHERE event_id = (SELECT min(event_id) FROM"
                            + " kanthorq_consumer_moved_all)");
        }

        Map<String, TaskBacklog> all = management().backlogs();

        assertThat(all).containsOnlyKeys("moved_all", "moved_none", "audit_only");
        assertThat(all.get("moved_all")).isEqualTo(new TaskBacklog(4, 0, 1, 0, 0, 0));
        assertThat(all.get("moved_none")).isEqualTo(new TaskBacklog(0, 0, 0, 5, 0, 0));
        for (String name : all.keySet()) {
            assertThat(management().backlog(name)).as(name).isEqualTo(all.get(name));
        }
    }

    @Test
    void listsStreamsWithExactCountsAndEventTimes() {
        register(consumer("emails", "order.>").build());
        kanthorq.registrar().registerStream("audit_log");
        Event first = publish("order.created", "1");
        publish("order.paid", "2");
        Event last = publish("order.cancelled", "3");

        assertThat(management().streams()).extracting(StreamInfo::name).containsExactly("audit_log", STREAM);
        StreamInfo stream = management().stream(STREAM).orElseThrow();
        assertThat(stream.eventCount()).isEqualTo(3);
        assertThat(stream.eventCountExact()).isTrue();
        assertThat(stream.oldestEventAt()).isEqualTo(first.createdAt());
        assertThat(stream.newestEventAt()).isEqualTo(last.createdAt());
        assertThat(stream.consumers()).isEqualTo(1);
        StreamInfo empty = management().stream("audit_log").orElseThrow();
        assertThat(empty.eventCount()).isZero();
        assertThat(empty.newestEventAt()).isNull();
        assertThat(management().stream("missing")).isEmpty();
    }

    @Test
    void estimatesTheSizeOfABigStreamInsteadOfCountingIt() throws Exception {
        kanthorq.registrar().registerStream("big");
        try (Connection connection = schema.connect()) {
            connection.createStatement().execute("""
                    INSERT INTO kanthorq_stream_big (id, subject, body, created_at)
                    SELECT lpad(i::text, 26, '0'), 'bulk.loaded', '\\x00', 1000 + i FROM generate_series(1, 120000) i;
                    ANALYZE kanthorq_stream_big""");
        }
        StreamInfo big = management().stream("big").orElseThrow();
        assertThat(big.eventCountExact()).isFalse();
        assertThat(big.eventCount()).isBetween(108_000L, 132_000L);
        assertThat(big.oldestEventAt()).isEqualTo(Instant.ofEpochMilli(1001));
        assertThat(big.newestEventAt()).isEqualTo(Instant.ofEpochMilli(121_000));
    }

    @Test
    void estimatesTheCompletedTasksOfABigConsumerAndCountsTheOtherStates() throws Exception {
        register(consumer("busy", "order.>").build());
        try (Connection connection = schema.connect()) {
            connection.createStatement().execute("""
                    INSERT INTO kanthorq_consumer_busy (event_id, subject, state, schedule_at, created_at, updated_at)
                    SELECT lpad(i::text, 26, '0'), 'order.created', CASE WHEN i <= 7 THEN -102 ELSE 101 END, 0, 0, 0
                    FROM generate_series(1, 120000) i;
                    ANALYZE kanthorq_consumer_busy""");
        }
        ConsumerInfo busy = management().consumer("busy").orElseThrow();
        assertThat(busy.completedCountExact()).isFalse();
        assertThat(busy.tasks(TaskState.COMPLETED)).isBetween(108_000L, 132_000L);
        assertThat(busy.tasks(TaskState.DISCARDED)).isEqualTo(7);
    }

    @Test
    void listsConsumersWithLagTaskCountsAndOldestReadyAge() {
        register(consumer("emails", "order.>").attemptMax(3).build());
        register(consumer("refunds", "order.cancelled").build());
        for (int i = 0; i < 5; i++) {
            publish("order.created", "e" + i);
        }

        ConsumerInfo before = management().consumer("emails").orElseThrow();
        assertThat(before.stream()).isEqualTo(STREAM);
        assertThat(before.subjects()).containsExactly("order.>");
        assertThat(before.attemptMax()).isEqualTo(3);
        assertThat(before.paused()).isFalse();
        assertThat(before.eventsNotMoved()).isEqualTo(5);
        assertThat(before.tasks())
                .hasSize(TaskState.values().length)
                .allSatisfy((state, n) -> assertThat(n).isZero());
        assertThat(before.lag()).isEqualTo(5);
        assertThat(before.oldestReadyAge()).isNull();

        mover().move("emails", 100);
        ConsumerInfo after = management().consumer("emails").orElseThrow();
        assertThat(after.eventsNotMoved()).isZero();
        assertThat(after.tasks(TaskState.AVAILABLE)).isEqualTo(5);
        assertThat(after.completedCountExact()).isTrue();
        assertThat(after.lag()).isEqualTo(5);
        assertThat(after.oldestReadyAge()).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(after.cursor()).isNotEqualTo(before.cursor());
        assertThat(management().consumers()).extracting(ConsumerInfo::name).containsExactly("emails", "refunds");
        assertThat(management().consumer("refunds").orElseThrow().eventsNotMoved())
                .isEqualTo(5);
        assertThat(management().consumer("nobody")).isEmpty();
    }

    @Test
    void pagesTasksByStateNewestChangeFirstWithTheirErrorsAndShowsATaskWithItsEvent() {
        register(consumer("fails", "order.>").attemptMax(1).build());
        kanthorq.startWorker(
                "fails",
                task -> {
                    throw new IllegalStateException(
                            "cannot handle " + task.event().bodyAsString());
                },
                fastOptions());
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(publish(i % 2 == 0 ? "order.refund.requested" : "order.email.sent", "e" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> states("fails").getOrDefault(TaskState.DISCARDED, 0L) == 5);

        List<TaskRecord> all = new ArrayList<>();
        TaskRecord after = null;
        for (int page = 0; page < 3; page++) {
            List<TaskRecord> tasks = management().tasks("fails", TaskFilter.of(TaskState.DISCARDED), 2, after);
            assertThat(tasks).hasSizeLessThanOrEqualTo(2);
            all.addAll(tasks);
            after = tasks.isEmpty() ? after : tasks.get(tasks.size() - 1);
        }
        assertThat(all)
                .extracting(TaskRecord::eventId)
                .containsExactlyInAnyOrderElementsOf(
                        events.stream().map(Event::id).toList());
        assertThat(all)
                .isSortedAccordingTo(Comparator.comparing(TaskRecord::updatedAt).reversed());
        assertThat(all)
                .allSatisfy(task -> assertThat(task.errors())
                        .singleElement()
                        .satisfies(error ->
                                assertThat(error.exception()).isEqualTo(IllegalStateException.class.getName())));
        assertThat(management()
                        .tasks("fails", TaskFilter.of(TaskState.DISCARDED).withSubject("order.refund.*"), 10, null))
                .hasSize(3);
        assertThat(management().tasks("fails", TaskFilter.of(TaskState.COMPLETED), 10, null))
                .isEmpty();

        TaskDetail detail = management().task("fails", events.get(0).id()).orElseThrow();
        assertThat(detail.task().state()).isEqualTo(TaskState.DISCARDED);
        assertThat(detail.task().errors())
                .singleElement()
                .satisfies(error -> assertThat(error.message()).isEqualTo("cannot handle e0"));
        assertThat(detail.event().bodyAsString()).isEqualTo("e0");
        assertThat(management().task("fails", "nope")).isEmpty();
    }

    @Test
    void redrivesByFilterOnlyTheSelectedTasks() {
        register(consumer("picky", "order.>").attemptMax(1).build());
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        kanthorq.startWorker(
                "picky",
                task -> {
                    int call = calls.computeIfAbsent(task.event().id(), id -> new AtomicInteger())
                            .incrementAndGet();
                    if (call == 1) {
                        throw new RuntimeException("first attempt fails");
                    }
                },
                fastOptions());
        Event refund = publish("order.refund.requested", "r");
        Event email = publish("order.email.sent", "e");
        await().atMost(Duration.ofSeconds(10)).until(() -> states("picky").getOrDefault(TaskState.DISCARDED, 0L) == 2);

        TaskFilter refunds = TaskFilter.of(TaskState.DISCARDED).withSubject("order.refund.>");
        assertThat(management()
                        .redrive(
                                "picky", refunds.withUpdated(null, Instant.now().minusSeconds(3600))))
                .isZero();
        assertThat(management().redrive("picky", refunds)).isEqualTo(1);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> task("picky", refund.id()).state() == TaskState.COMPLETED);
        assertThat(task("picky", email.id()).state()).isEqualTo(TaskState.DISCARDED);
        assertThatThrownBy(() -> management().redrive("picky", TaskFilter.of(TaskState.COMPLETED)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void pauseStopsMovingAndClaimingAndResumeWakesTheWorkersAtOnce() {
        register(consumer("pausable", "order.>").build());
        AtomicInteger handled = new AtomicInteger();
        // a poll interval far beyond the test: only a notification can wake the worker in time
        kanthorq.startWorker(
                "pausable", task -> handled.incrementAndGet(), fastOptions().withPollInterval(Duration.ofSeconds(60)));
        publish("order.created", "before");
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.get() == 1);

        management().pause("pausable");
        assertThat(management().consumer("pausable").orElseThrow().paused()).isTrue();
        publish("order.created", "while paused");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> handled.get() == 1);
        assertThat(management().consumer("pausable").orElseThrow().eventsNotMoved())
                .isEqualTo(1);

        management().resume("pausable");
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.get() == 2);
        assertThat(management().consumer("pausable").orElseThrow().paused()).isFalse();
        assertThatThrownBy(() -> management().pause("nobody")).hasMessageContaining("'nobody' is not registered");
    }

    @Test
    void removesAConsumerWithItsTableButNotWhileAWorkerOfThisEngineRunsIt() throws Exception {
        register(consumer("doomed", "order.>").build());
        register(consumer("survivor", "order.>").build());
        Worker worker = kanthorq.startWorker("doomed", task -> {}, fastOptions());

        assertThatThrownBy(() -> management().removeConsumer("doomed")).hasMessageContaining("running worker");
        worker.stop();
        management().removeConsumer("doomed");

        assertThat(management().consumer("doomed")).isEmpty();
        assertThat(count("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
                        + " AND tablename = 'kanthorq_consumer_doomed'"))
                .isZero();
        assertThat(management().consumers()).extracting(ConsumerInfo::name).containsExactly("survivor");
        assertThatThrownBy(() -> management().removeConsumer("doomed")).hasMessageContaining("is not registered");
        // the name can be registered again, from the beginning of its stream
        publish("order.created", "x");
        register(consumer("doomed", "order.>").build());
        assertThat(management().consumer("doomed").orElseThrow().eventsNotMoved())
                .isEqualTo(1);
    }

    @Test
    void replayDeliversAgainTheEventsPublishedSinceATimeAndNoOthers() {
        register(consumer("replayed", "order.*").build());
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        kanthorq.startWorker(
                "replayed",
                task -> calls.computeIfAbsent(task.event().id(), id -> new AtomicInteger())
                        .incrementAndGet(),
                fastOptions());
        Event before = publish("order.created", "before");
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.containsKey(before.id()));
        await().pollDelay(Duration.ofMillis(20)).until(() -> true);
        Event since = publish("order.paid", "since");
        Event later = publish("order.cancelled", "later");
        Event ignored = publish("audit.order.viewed", "not for this consumer");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> calls.containsKey(since.id()) && calls.containsKey(later.id()));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> states("replayed").getOrDefault(TaskState.COMPLETED, 0L) == 3);

        assertThat(management().replayFrom("replayed", since.createdAt())).isEqualTo(2);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> calls.get(since.id()).get() == 2
                        && calls.get(later.id()).get() == 2);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> states("replayed").getOrDefault(TaskState.COMPLETED, 0L) == 3);
        assertThat(calls.get(before.id())).hasValue(1);
        assertThat(calls).doesNotContainKey(ignored.id());
        assertThat(task("replayed", since.id()).attemptCount()).isEqualTo(1);
    }

    @Test
    void queriesEventsByTimeAndSubjectInPagesThroughTheCreatedAtIndex() throws Exception {
        register(consumer("any", "order.>").build());
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(publish(i % 2 == 0 ? "order.created" : "order.paid", "e" + i));
            await().pollDelay(Duration.ofMillis(3)).until(() -> true);
        }

        List<Event> created = management().events(STREAM, EventQuery.first(10).withSubject("order.created"));
        assertThat(created).extracting(Event::bodyAsString).containsExactly("e0", "e2", "e4");
        EventQuery page = EventQuery.first(2)
                .between(events.get(1).createdAt(), events.get(5).createdAt());
        List<Event> first = management().events(STREAM, page);
        List<Event> second = management().events(STREAM, page.after(first.get(1)));
        List<Event> third = management().events(STREAM, page.after(second.get(1)));
        assertThat(first).extracting(Event::bodyAsString).containsExactly("e1", "e2");
        assertThat(second).extracting(Event::bodyAsString).containsExactly("e3", "e4");
        assertThat(third).isEmpty();
        assertThat(management().event(STREAM, events.get(3).id()))
                .hasValueSatisfying(event -> assertThat(event.subject()).isEqualTo("order.paid"));

        String index = TableNames.indexPrefix(TableNames.streamTable(STREAM)) + "_created";
        try (Connection connection = schema.connect()) {
            connection.createStatement().execute("SET enable_seqscan = off");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = connection
                    .createStatement()
                    .executeQuery("EXPLAIN SELECT id FROM kanthorq_stream_"
                            + STREAM + " s WHERE s.created_at >= 1 AND s.created_at < 2 AND s.subject ~ '^a$'"
                            + " ORDER BY s.created_at, s.id LIMIT 10")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            assertThat(plan.toString()).contains(index);
        }
    }
}
