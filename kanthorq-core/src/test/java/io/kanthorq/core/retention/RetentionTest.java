package io.kanthorq.core.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.Event;
import io.kanthorq.core.NewEvent;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.internal.TableNames;
import io.kanthorq.core.testsupport.EngineTest;
import io.kanthorq.core.worker.Moves;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Retention removes exactly what is eligible: old finished tasks by their own ages, and old events
 * only once every consumer has moved past them and all their tasks are Completed.
 */
class RetentionTest extends EngineTest {

    private static final Duration DAY = Duration.ofDays(1);
    private static final RetentionPolicy POLICY = RetentionPolicy.KEEP_EVERYTHING
            .withCompletedTasks(DAY)
            .withDiscardedTasks(Duration.ofDays(7))
            .withEvents(DAY);

    private Moves mover() {
        return Moves.over(schema.dataSource());
    }

    @Test
    void deletesOldCompletedAndCancelledTasksAndKeepsDiscardedOnesLonger() throws Exception {
        register(consumer("tasks", "order.>").build());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(publish("order.created", "e" + i).id());
        }
        mover().move("tasks", 100);
        setTask("tasks", ids.get(0), TaskState.COMPLETED, Duration.ofDays(2)); // removed
        setTask("tasks", ids.get(1), TaskState.COMPLETED, Duration.ofHours(1)); // too young
        setTask("tasks", ids.get(2), TaskState.CANCELLED, Duration.ofDays(2)); // removed
        setTask("tasks", ids.get(3), TaskState.DISCARDED, Duration.ofDays(2)); // kept: dead letters live 7 days
        setTask("tasks", ids.get(4), TaskState.DISCARDED, Duration.ofDays(8)); // removed
        setTask("tasks", ids.get(5), TaskState.AVAILABLE, Duration.ofDays(30)); // unfinished: never removed
        setTask("tasks", ids.get(6), TaskState.RETRYABLE, Duration.ofDays(30)); // unfinished: never removed

        RetentionReport report = kanthorq.retention().run(POLICY.withEvents(null));

        assertThat(report.skipped()).isFalse();
        assertThat(report.tasksRemoved())
                .containsEntry(
                        "tasks", Map.of(TaskState.COMPLETED, 1L, TaskState.CANCELLED, 1L, TaskState.DISCARDED, 1L));
        assertThat(remainingTasks("tasks")).containsExactlyInAnyOrder(ids.get(1), ids.get(3), ids.get(5), ids.get(6));
        assertThat(report.eventsRemoved()).isEmpty();
        assertThat(count("SELECT count(*) FROM kanthorq_stream_" + STREAM)).isEqualTo(7);
        // off by default
        assertThat(kanthorq.retention().run(RetentionPolicy.KEEP_EVERYTHING).totalTasksRemoved())
                .isZero();
        assertThat(RetentionPolicy.KEEP_EVERYTHING.enabled()).isFalse();
    }

    @Test
    void deletesOnlyEventsEveryConsumerMovedPastWhoseTasksAreAllCompleted() throws Exception {
        register(consumer("fast", "order.>").build());
        register(consumer("slow", "order.>").build());
        Event done = publish("order.created", "completed by both");
        Event deadLetter = publish("order.created", "discarded by fast");
        Event untracked = publish("audit.viewed", "no consumer wants it");
        mover().move("slow", 100); // slow stops here
        Event notMovedBySlow = publish("order.created", "slow has not moved it");
        Event young = publish("order.created", "too young");
        mover().move("fast", 100);
        setTask("fast", done.id(), TaskState.COMPLETED, Duration.ZERO);
        setTask("slow", done.id(), TaskState.COMPLETED, Duration.ZERO);
        setTask("fast", deadLetter.id(), TaskState.DISCARDED, Duration.ZERO);
        setTask("slow", deadLetter.id(), TaskState.COMPLETED, Duration.ZERO);
        setTask("fast", notMovedBySlow.id(), TaskState.COMPLETED, Duration.ZERO);
        setTask("fast", young.id(), TaskState.COMPLETED, Duration.ZERO);
        for (Event event : List.of(done, deadLetter, untracked, notMovedBySlow)) {
            age(event.id(), Duration.ofDays(2));
        }

        RetentionReport first = kanthorq.retention().run(POLICY);

        assertThat(first.eventsRemoved()).containsEntry(STREAM, 2L);
        assertThat(remainingEvents()).containsExactlyInAnyOrder(deadLetter.id(), notMovedBySlow.id(), young.id());

        // a removed consumer no longer holds retention back
        kanthorq.management().removeConsumer("slow");
        assertThat(kanthorq.retention().run(POLICY).eventsRemoved()).containsEntry(STREAM, 1L);
        assertThat(remainingEvents()).containsExactlyInAnyOrder(deadLetter.id(), young.id());

        // a redriven dead letter that completes frees its event
        setTask("fast", deadLetter.id(), TaskState.COMPLETED, Duration.ZERO);
        assertThat(kanthorq.retention().run(POLICY).eventsRemoved()).containsEntry(STREAM, 1L);
        assertThat(remainingEvents()).containsExactly(young.id());
    }

    @Test
    void keepsEventsOfAnOpenWindowAndOfTransactionsThatCommittedAfterTheCursor() throws Exception {
        register(consumer("windowed", "order.>").build());
        Event late;
        try (Connection open = schema.connect()) {
            open.setAutoCommit(false);
            late = kanthorq.publisher().publish(open, STREAM, NewEvent.of("order.created", "late commit"));
            for (int i = 0; i < 3; i++) {
                publish("order.created", "w" + i);
            }
            // a window of three events, moved one per batch: the first batch leaves it open
            Moves.Moved partial = mover().move("windowed", 1);
            assertThat(partial.more()).isTrue();
            open.commit(); // committed after the window was taken: in neither window nor cursor
        }
        completeAllTasks("windowed");
        ageAllEvents(Duration.ofDays(2));

        assertThat(kanthorq.retention().run(POLICY).eventsRemoved()).containsEntry(STREAM, 0L);
        assertThat(remainingEvents()).hasSize(4);

        while (mover().move("windowed", 1).more()) {
            // drain the window: the cursor becomes the window, which does not contain the late commit
        }
        completeAllTasks("windowed");
        assertThat(kanthorq.retention().run(POLICY).eventsRemoved()).containsEntry(STREAM, 3L);
        assertThat(remainingEvents()).containsExactly(late.id());

        mover().move("windowed", 100);
        assertThat(kanthorq.retention().run(POLICY).eventsRemoved()).containsEntry(STREAM, 0L); // Available task
        completeAllTasks("windowed");
        assertThat(kanthorq.retention().run(POLICY).eventsRemoved()).containsEntry(STREAM, 1L);
        assertThat(remainingEvents()).isEmpty();
    }

    @Test
    void deletesInBatchesUntilNothingEligibleIsLeft() throws Exception {
        register(consumer("batched", "order.>").build());
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            events.add(NewEvent.of("order.created", "e" + i));
        }
        kanthorq.publisher().publishAll(STREAM, events);
        mover().move("batched", 100);
        completeAllTasks("batched");
        ageAllEvents(Duration.ofDays(2));
        try (Connection connection = schema.connect()) {
            connection
                    .createStatement()
                    .execute("UPDATE kanthorq_consumer_batched SET updated_at = updated_at - "
                            + Duration.ofDays(2).toMillis());
        }

        RetentionReport report = kanthorq.retention().run(POLICY.withBatchSize(2));

        assertThat(report.tasksRemoved().get("batched")).containsEntry(TaskState.COMPLETED, 11L);
        assertThat(report.eventsRemoved()).containsEntry(STREAM, 11L);
        assertThat(remainingEvents()).isEmpty();
    }

    @Test
    void aPassIsSkippedWhileAnotherInstanceHoldsTheLeaseAndReleasesItsOwn() throws Exception {
        register(consumer("locked", "order.>").build());
        holdLease("other-instance", Duration.ofMinutes(1));
        assertThat(kanthorq.retention().run(POLICY).skipped()).isTrue();
        assertThat(count("SELECT count(*) FROM kanthorq_maintenance_lease WHERE holder = 'other-instance'"))
                .isOne();

        try (Connection other = schema.connect()) {
            other.createStatement().execute("DELETE FROM kanthorq_maintenance_lease");
        }
        assertThat(kanthorq.retention().run(POLICY).skipped()).isFalse();
        assertThat(count("SELECT count(*) FROM kanthorq_maintenance_lease")).isZero();
    }

    @Test
    void theExpiredLeaseOfADeadInstanceIsTakenOver() throws Exception {
        register(consumer("taken_over", "order.>").build());
        holdLease("dead-instance", Duration.ofMillis(-1));

        assertThat(kanthorq.retention().run(POLICY).skipped()).isFalse();
        assertThat(count("SELECT count(*) FROM kanthorq_maintenance_lease")).isZero();
    }

    private void holdLease(String holder, Duration left) throws SQLException {
        try (Connection other = schema.connect();
                var insert = other.prepareStatement(
                        "INSERT INTO kanthorq_maintenance_lease VALUES ('retention', ?,"
                                + " (extract(epoch from now()) * 1000)::bigint, (extract(epoch from now()) * 1000)::bigint + ?)")) {
            insert.setString(1, holder);
            insert.setLong(2, left.toMillis());
            insert.executeUpdate();
        }
    }

    @Test
    void theSchedulerRunsPassesUntilStopped() throws Exception {
        register(consumer("scheduled", "order.>").build());
        Event old = publish("order.created", "old");
        mover().move("scheduled", 100);
        completeAllTasks("scheduled");
        age(old.id(), Duration.ofDays(2));
        List<RetentionReport> reports = new CopyOnWriteArrayList<>();

        try (RetentionScheduler scheduler =
                new RetentionScheduler(kanthorq.retention(), POLICY, Duration.ofMillis(100), reports::add)) {
            scheduler.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> reports.size() >= 2);
            scheduler.stop();
            assertThat(scheduler.isRunning()).isFalse();
        }
        assertThat(reports.stream()
                        .mapToLong(RetentionReport::totalEventsRemoved)
                        .sum())
                .isEqualTo(1);
        int seen = reports.size();
        await().during(Duration.ofMillis(400)).until(() -> reports.size() == seen);
    }

    private void setTask(String consumer, String eventId, TaskState state, Duration age) throws SQLException {
        try (Connection connection = schema.connect();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE " + TableNames.consumerTable(consumer) + " SET state = ?, updated_at = updated_at - ?,"
                                + " finalized_at = CASE WHEN ? IN (101, -101, -102) THEN updated_at - ? END WHERE event_id = ?")) {
            update.setShort(1, state.code());
            update.setLong(2, age.toMillis());
            update.setShort(3, state.code());
            update.setLong(4, age.toMillis());
            update.setString(5, eventId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private void completeAllTasks(String consumer) throws SQLException {
        try (Connection connection = schema.connect()) {
            connection.createStatement().execute("UPDATE " + TableNames.consumerTable(consumer) + " SET state = 101");
        }
    }

    private void age(String eventId, Duration age) throws SQLException {
        try (Connection connection = schema.connect();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE kanthorq_stream_" + STREAM + " SET created_at = created_at - ? WHERE id = ?")) {
            update.setLong(1, age.toMillis());
            update.setString(2, eventId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private void ageAllEvents(Duration age) throws SQLException {
        try (Connection connection = schema.connect()) {
            connection
                    .createStatement()
                    .execute("UPDATE kanthorq_stream_" + STREAM + " SET created_at = created_at - " + age.toMillis());
        }
    }

    private List<String> remainingTasks(String consumer) throws SQLException {
        return ids("SELECT event_id FROM " + TableNames.consumerTable(consumer));
    }

    private List<String> remainingEvents() throws SQLException {
        return ids("SELECT id FROM kanthorq_stream_" + STREAM);
    }

    private List<String> ids(String sql) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = schema.connect();
                var rs = connection.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
