package io.kanthorq.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanthorq.core.TaskState;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a move makes of the rows it scanned. The statements around it run against PostgreSQL in
 * {@code NoLossMoverTest} and {@code OrderingKeyTest}; here each rule of the decision on its own.
 */
class MoveBatchTest {

    private static final KeyLanes.Tails NO_LANES = KeyLanes.Tails.NONE;

    @Test
    void startsTheFirstRowsUpToTheClaimLimitAndCutsAtTheTaskLimit() {
        MoveBatch batch = new MoveBatch(false, NO_LANES, 16, 3, 2);
        for (int k = 1; k <= 5; k++) {
            batch.row(k, "10", "e" + k, "s", null, null, false);
        }
        batch.extent(5, "10", "e5");

        MoveBatch.Tasks tasks = batch.decide();

        assertThat(tasks.ids()).containsExactly("e1", "e2", "e3");
        assertThat(states(tasks)).containsExactly(TaskState.RUNNING, TaskState.RUNNING, TaskState.AVAILABLE);
        assertThat(tasks.running()).containsExactly("e1", "e2");
        assertThat(tasks.cut()).isEqualTo(3);
        assertThat(tasks.lastId()).isEqualTo("e3");
    }

    @Test
    void consumesEveryScannedRowWhenFewerMayStartThanTheLimitAndRowsArriveInAnyOrder() {
        MoveBatch batch = new MoveBatch(false, NO_LANES, 16, 10, 10);
        batch.row(3, "11", "e3", "s", null, null, false);
        batch.row(1, "10", "e1", "s", null, 2_000L, true); // delayed: Available at its time, not started
        batch.extent(4, "12", "e4"); // row 2 and 4 did not match the consumer's subjects

        MoveBatch.Tasks tasks = batch.decide();

        assertThat(tasks.ids()).containsExactly("e1", "e3");
        assertThat(states(tasks)).containsExactly(TaskState.AVAILABLE, TaskState.RUNNING);
        assertThat(tasks.deliverAt()).containsExactly(2_000L, null);
        assertThat(tasks.cut()).isEqualTo(4);
        assertThat(tasks.lastTxid()).isEqualTo("12");
        assertThat(tasks.lastId()).isEqualTo("e4");
    }

    @Test
    void probesEachKeyOfTheBatchOnceWithTheTailOfTheCallersLaneForItAndNoOtherLane() {
        KeyLanes.Tails lanes = new KeyLanes.Tails(
                new String[] {"order-9", "order-2"}, new String[] {"t9", "t2"}, new Long[] {9L, 2L}, new Integer[] {5, 5
                });
        MoveBatch batch = new MoveBatch(true, lanes, 16, 100, 100);
        batch.row(1, "10", "e1", "s", "order-1", null, false);
        batch.row(2, "10", "e2", "s", "order-2", null, false);
        batch.row(3, "10", "e3", "s", "order-1", null, false);
        batch.row(4, "10", "e4", "s", null, null, false);

        MoveBatch.KeyProbes probes = batch.keyProbes();

        assertThat(probes.keys()).containsExactly("order-1", "order-2");
        assertThat(probes.laneEvents()).containsExactly(null, "t2");
        assertThat(probes.laneClaims()).containsExactly(null, 2L);
    }

    @Test
    void aConsumerWithoutOrderingProbesNoKey() {
        MoveBatch batch = new MoveBatch(false, NO_LANES, 16, 100, 100);
        batch.row(1, "10", "e1", "s", "order-1", null, false);

        assertThat(batch.keyProbes().keys()).isEmpty();
    }

    @Test
    void aKeyWithoutHeadStartsUpToALaneAndQueuesTheRestBehindItsHead() {
        MoveBatch batch = new MoveBatch(true, NO_LANES, 2, 100, 100);
        for (int k = 1; k <= 4; k++) {
            batch.row(k, "10", "e" + k, "s", "order-1", null, false);
        }
        batch.key("order-1", false, false);
        batch.extent(4, "10", "e4");

        MoveBatch.Tasks tasks = batch.decide();

        assertThat(states(tasks))
                .containsExactly(TaskState.RUNNING, TaskState.RUNNING, TaskState.PENDING, TaskState.PENDING);
        assertThat(tasks.keys()).containsOnly("order-1");
        assertThat(tasks.tails()).isEmpty();
    }

    @Test
    void aKeyNotStartedHereHasOneAvailableHeadAndTheRestPending() {
        MoveBatch batch = new MoveBatch(true, NO_LANES, 16, 100, 0); // nothing may run now
        batch.row(1, "10", "e1", "s", "order-1", null, false);
        batch.row(2, "10", "e2", "s", "order-1", null, false);
        batch.key("order-1", false, false);
        batch.extent(2, "10", "e2");

        assertThat(states(batch.decide())).containsExactly(TaskState.AVAILABLE, TaskState.PENDING);
    }

    @Test
    void aKeyWithWaitingTasksOrAHeadElsewhereStartsNothing() {
        MoveBatch batch = new MoveBatch(true, NO_LANES, 16, 100, 100);
        batch.row(1, "10", "e1", "s", "queued", null, false);
        batch.row(2, "10", "e2", "s", "held-elsewhere", null, false);
        batch.row(3, "10", "e3", "s", null, null, false);
        batch.key("queued", true, true);
        batch.key("held-elsewhere", false, true);
        batch.extent(3, "10", "e3");

        MoveBatch.Tasks tasks = batch.decide();

        assertThat(states(tasks)).containsExactly(TaskState.PENDING, TaskState.PENDING, TaskState.RUNNING);
        assertThat(tasks.running()).containsExactly("e3");
    }

    @Test
    void aKeyJoinsTheCallersLiveLaneUpToItsRoomAndOnlyWhenNoTaskWaits() {
        KeyLanes.Tails lanes = new KeyLanes.Tails(
                new String[] {"lane", "dead-lane", "waiting-lane"},
                new String[] {"tail-1", "tail-2", "tail-3"},
                new Long[] {7L, 7L, 7L},
                new Integer[] {1, 5, 5});
        MoveBatch batch = new MoveBatch(true, lanes, 16, 100, 100);
        batch.row(1, "10", "a1", "s", "lane", null, false);
        batch.row(2, "10", "a2", "s", "lane", null, false);
        batch.row(3, "10", "b1", "s", "dead-lane", null, false);
        batch.row(4, "10", "c1", "s", "waiting-lane", null, false);
        batch.key("lane", false, true);
        batch.key("dead-lane", false, true); // its tail finished or was taken away: someone else's head
        batch.key("waiting-lane", true, true);
        batch.liveLane("lane");
        batch.liveLane("waiting-lane");
        batch.extent(4, "10", "c1");

        MoveBatch.Tasks tasks = batch.decide();

        assertThat(states(tasks))
                .containsExactly(TaskState.RUNNING, TaskState.PENDING, TaskState.PENDING, TaskState.PENDING);
        assertThat(tasks.tails()).containsExactly(java.util.Map.entry("a1", "tail-1"));
    }

    @Test
    void aDelayedTaskOfAKeyHoldsTheTasksBehindIt() {
        MoveBatch batch = new MoveBatch(true, NO_LANES, 16, 100, 100);
        batch.row(1, "10", "e1", "s", "order-1", 5_000L, true);
        batch.row(2, "10", "e2", "s", "order-1", null, false);
        batch.key("order-1", false, false);
        batch.extent(2, "10", "e2");

        // the delayed head is Available from its time; the task behind it waits for it
        assertThat(states(batch.decide())).containsExactly(TaskState.AVAILABLE, TaskState.PENDING);
    }

    @Test
    void aConsumerWithoutOrderingIgnoresKeys() {
        MoveBatch batch = new MoveBatch(false, NO_LANES, 1, 100, 100);
        batch.row(1, "10", "e1", "s", "order-1", null, false);
        batch.row(2, "10", "e2", "s", "order-1", null, false);
        batch.extent(2, "10", "e2");

        MoveBatch.Tasks tasks = batch.decide();

        assertThat(states(tasks)).containsExactly(TaskState.RUNNING, TaskState.RUNNING);
        assertThat(tasks.keys()).containsOnlyNulls();
    }

    private static List<TaskState> states(MoveBatch.Tasks tasks) {
        return Arrays.stream(tasks.states()).map(TaskState::fromCode).toList();
    }
}
