package io.kanthorq.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.Event;
import io.kanthorq.core.KanthorqException;
import io.kanthorq.core.NewEvent;
import io.kanthorq.core.StartFrom;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.testsupport.EngineTest;
import io.kanthorq.core.testsupport.ReliabilityFigures;
import io.kanthorq.core.testsupport.Soak;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The stream → tasks move loses nothing, even when transactions commit out of id order. */
class NoLossMoverTest extends EngineTest {

    @Test
    void deliversAnEventWhoseTransactionCommitsAfterALaterIdEventWasProcessed() throws Exception {
        register(consumer("late_commit", "order.>").build());
        Set<String> handled = ConcurrentHashMap.newKeySet();
        kanthorq.startWorker("late_commit", task -> handled.add(task.event().id()), fastOptions());

        try (Connection slow = schema.connect()) {
            slow.setAutoCommit(false);
            Event early = kanthorq.publisher().publish(slow, STREAM, NewEvent.of("order.created", "early"));
            Event later = publish("order.created", "later");
            assertThat(later.id()).isGreaterThan(early.id());

            await().atMost(Duration.ofSeconds(5)).until(() -> handled.contains(later.id()));
            assertThat(handled).doesNotContain(early.id());

            slow.commit();
            await().atMost(Duration.ofSeconds(5)).until(() -> handled.contains(early.id()));
        }
        assertThat(states("late_commit")).containsEntry(TaskState.COMPLETED, 2L);
    }

    @Test
    void keepsDeliveringWithinFiveSecondsWhileAnotherConnectionIdlesInTransactionForThirtySeconds() throws Exception {
        register(consumer("idle_guard", "order.>").build());
        Set<String> handled = ConcurrentHashMap.newKeySet();
        kanthorq.startWorker("idle_guard", task -> handled.add(task.event().id()), fastOptions());
        try (Connection other = schema.connect()) {
            other.createStatement().execute("CREATE TABLE unrelated (id int)");
            other.setAutoCommit(false);
            other.createStatement().execute("INSERT INTO unrelated VALUES (1)"); // holds an xid, pins xmin

            int seconds = Soak.scale(30, 60);
            long until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            int published = 0;
            long slowestMs = 0;
            while (System.nanoTime() < until) {
                Event event = publish("order.created", "while idle " + published++);
                long start = System.nanoTime();
                await().atMost(Duration.ofSeconds(5)).until(() -> handled.contains(event.id()));
                slowestMs = Math.max(slowestMs, (System.nanoTime() - start) / 1_000_000);
                await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
            }
            assertThat(published).isGreaterThanOrEqualTo(8);
            ReliabilityFigures.record(
                    "7. another connection idle in transaction " + seconds + " s",
                    ReliabilityFigures.figures(
                            "events published meanwhile",
                            published,
                            "delivered",
                            published,
                            "slowest delivery ms",
                            slowestMs));
            other.rollback();
        }
    }

    @Test
    void movesAWindowLargerThanOneBatchExactlyOnceAndCatchesCommitsThatLandMeanwhile() throws Exception {
        register(consumer("windowed", "order.>").build());
        Moves mover = Moves.over(schema.dataSource());
        List<NewEvent> batch = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            batch.add(NewEvent.of(i % 2 == 0 ? "order.created" : "order.paid", "e" + i));
        }
        try (Connection open = schema.connect()) {
            open.setAutoCommit(false);
            kanthorq.publisher().publish(open, STREAM, NewEvent.of("order.created", "in flight"));
            kanthorq.publisher().publishAll(STREAM, batch);

            StreamMover.Result first = mover.moveBatch("windowed", 100);
            assertThat(first.scanned()).isEqualTo(100);
            assertThat(first.more()).isTrue();
            open.commit(); // lands while the window is open: not in it, so caught by the next window
            StreamMover.Result second = mover.moveBatch("windowed", 100);
            StreamMover.Result third = mover.moveBatch("windowed", 100);
            assertThat(second.scanned()).isEqualTo(100);
            assertThat(third.scanned()).isEqualTo(50);
            assertThat(third.more()).isFalse();
            assertThat(count("SELECT count(*) FROM kanthorq_consumer_windowed")).isEqualTo(250);

            StreamMover.Result late = mover.moveBatch("windowed", 100);
            assertThat(late.inserted()).isEqualTo(1);
        }
        assertThat(mover.moveBatch("windowed", 100)).isEqualTo(StreamMover.Result.IDLE);
        assertThat(count("SELECT count(*) FROM kanthorq_consumer_windowed")).isEqualTo(251);
        assertThat(count("SELECT count(*) FROM kanthorq_consumer_registry WHERE window_snapshot IS NULL"
                        + " AND position_txid IS NULL"))
                .isEqualTo(1);
        assertThat(kanthorq.management().consumer("windowed").orElseThrow().eventsNotMoved())
                .isZero();
    }

    @Test
    void anotherInstanceMovingTheSameConsumerIsSkippedNotWaitedFor() throws Exception {
        register(consumer("contended", "order.>").build());
        publish("order.created", "x");
        Moves mover = Moves.over(schema.dataSource());
        try (Connection holder = schema.connect()) {
            holder.setAutoCommit(false);
            holder.createStatement()
                    .execute("SELECT * FROM kanthorq_consumer_registry WHERE name = 'contended' FOR UPDATE");
            assertThat(mover.moveBatch("contended", 100).busy()).isTrue();
            holder.rollback();
        }
        assertThat(mover.moveBatch("contended", 100).inserted()).isEqualTo(1);
    }

    @Test
    void startFromLatestSkipsEventsPublishedBeforeRegistration() throws Exception {
        kanthorq.registrar().registerStream(STREAM);
        publish("order.created", "old");
        register(consumer("from_latest", "order.>").startFrom(StartFrom.LATEST).build());
        Event fresh = publish("order.created", "new");
        Moves mover = Moves.over(schema.dataSource());
        assertThat(mover.moveBatch("from_latest", 100).inserted()).isEqualTo(1);
        assertThat(task("from_latest", fresh.id()).state()).isEqualTo(TaskState.AVAILABLE);
        assertThat(count("SELECT count(*) FROM kanthorq_consumer_from_latest")).isEqualTo(1);
    }

    @Test
    void aSmallMoveOverEventsAReplayReachedFirstKeepsTheirTasksAndInsertsTheOthers() throws Exception {
        moveAfterAReplayReached("replayed_small", 2);
    }

    @Test
    void aBigMoveOverEventsAReplayReachedFirstKeepsTheirTasksAndInsertsTheOthers() throws Exception {
        // big enough for the insert without a conflict clause, which fails and runs again skipping them
        moveAfterAReplayReached("replayed_big", StreamMover.SAVEPOINT_MIN_TASKS);
    }

    private void moveAfterAReplayReached(String consumer, int replayed) throws Exception {
        register(consumer(consumer, "order.>").build());
        List<Event> early = new ArrayList<>();
        for (int i = 0; i < replayed; i++) {
            early.add(publish("order.created", "early " + i));
        }
        // a replay up to now creates the tasks of events the mover has not reached yet
        assertThat(kanthorq.management().replayFrom(consumer, java.time.Instant.EPOCH))
                .isEqualTo(replayed);
        kanthorq.management().cancel(consumer, List.of(early.get(0).id()));
        Event late = publish("order.created", "late");

        Moves.Moved moved = Moves.over(schema.dataSource()).move(consumer, 1000);

        assertThat(moved.scanned()).isEqualTo(replayed + 1);
        assertThat(moved.inserted()).isEqualTo(1);
        assertThat(task(consumer, early.get(0).id()).state()).isEqualTo(TaskState.CANCELLED);
        assertThat(task(consumer, early.get(1).id()).state()).isEqualTo(TaskState.AVAILABLE);
        assertThat(task(consumer, late.id()).state()).isEqualTo(TaskState.AVAILABLE);
        assertThat(count("SELECT count(*) FROM kanthorq_consumer_" + consumer)).isEqualTo(replayed + 1);
        assertThat(Moves.over(schema.dataSource()).move(consumer, 1000).inserted())
                .isZero();
    }

    @Test
    void failsLoudlyWhenTheCursorComesFromAnotherCluster() throws Exception {
        register(consumer("restored", "order.>").build());
        try (Connection connection = schema.connect()) {
            connection
                    .createStatement()
                    .execute("UPDATE kanthorq_consumer_registry"
                            + " SET cursor_snapshot = '4000000000:4000000000:' WHERE name = 'restored'");
        }
        Moves mover = Moves.over(schema.dataSource());
        assertThatThrownBy(() -> mover.moveBatch("restored", 100))
                .isInstanceOf(KanthorqException.class)
                .hasMessageContaining("consumer 'restored'")
                .hasMessageContaining("restored or replaced")
                .hasMessageContaining("Reset the cursor");
    }
}
