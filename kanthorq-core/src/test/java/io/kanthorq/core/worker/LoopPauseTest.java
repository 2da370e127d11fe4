package io.kanthorq.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The worker loop's wait after a turn, without a database. */
class LoopPauseTest {

    private static final long POLL = 1000;
    private static final LongSupplier NOTHING_DUE = () -> POLL;

    private static LoopPause.Turn turn(boolean moreToMove, boolean saturated, int inFlight, int busyStreak) {
        return new LoopPause.Turn(moreToMove, saturated, inFlight, 100, 25, busyStreak);
    }

    @Test
    void takesAnotherTurnAtOnceWhileTheWindowHoldsMoreAndThereIsRoom() {
        assertThat(LoopPause.after(turn(true, false, 10, 0), POLL, 500, 500, NOTHING_DUE))
                .isEqualTo(LoopPause.AGAIN);
    }

    @Test
    void aFullLoopWithMoreToMoveWaitsLikeASaturatedOne() {
        assertThat(LoopPause.after(turn(true, true, 100, 0), POLL, 500, 500, NOTHING_DUE))
                .isEqualTo(LoopPause.SATURATED_WAIT_MS);
    }

    @Test
    void aSaturatedLoopClaimsAgainOnceEnoughHandlersAreFree() {
        assertThat(LoopPause.after(turn(false, true, 75, 0), POLL, 500, 500, NOTHING_DUE))
                .isEqualTo(LoopPause.AGAIN);
        assertThat(LoopPause.after(turn(false, true, 76, 0), POLL, 500, 500, NOTHING_DUE))
                .isEqualTo(LoopPause.SATURATED_WAIT_MS);
    }

    @Test
    void aSaturatedLoopWakesForADueLeaseExtensionOrRescueButWaitsAtLeastAMillisecond() {
        assertThat(LoopPause.after(turn(false, true, 90, 0), POLL, 500, 3, NOTHING_DUE))
                .isEqualTo(3);
        assertThat(LoopPause.after(turn(false, true, 90, 0), POLL, 7, 500, NOTHING_DUE))
                .isEqualTo(7);
        assertThat(LoopPause.after(turn(false, true, 90, 0), POLL, -5, 500, NOTHING_DUE))
                .isEqualTo(1);
    }

    @Test
    void backsOffExponentiallyFromAMoverLockAnotherInstanceHoldsUpToThePollInterval() {
        assertThat(LoopPause.after(turn(false, false, 0, 1), POLL, 500, 500, NOTHING_DUE))
                .isEqualTo(2);
        assertThat(LoopPause.after(turn(false, false, 0, 2), POLL, 500, 500, NOTHING_DUE))
                .isEqualTo(4);
        assertThat(LoopPause.after(turn(false, false, 0, 5), POLL, 500, 500, NOTHING_DUE))
                .isEqualTo(32);
        assertThat(LoopPause.after(turn(false, false, 0, 30), POLL, 500, 500, NOTHING_DUE))
                .isEqualTo(POLL);
    }

    @Test
    void anIdleLoopSleepsUntilTheNextDueTaskRescueOrLeaseExtension() {
        assertThat(LoopPause.after(turn(false, false, 0, 0), POLL, 500, Long.MAX_VALUE, () -> 120))
                .isEqualTo(120);
        assertThat(LoopPause.after(turn(false, false, 0, 0), POLL, 80, Long.MAX_VALUE, () -> 120))
                .isEqualTo(80);
        assertThat(LoopPause.after(turn(false, false, 2, 0), POLL, 500, 40, () -> 120))
                .isEqualTo(40);
        assertThat(LoopPause.after(turn(false, false, 0, 0), POLL, 500, Long.MAX_VALUE, NOTHING_DUE))
                .isEqualTo(500);
    }

    @Test
    void anIdleLoopDoesNotSpinOnATaskDueInAFewMillisecondsButTakesOneDueNowAtOnce() {
        assertThat(LoopPause.after(turn(false, false, 0, 0), POLL, 500, Long.MAX_VALUE, () -> 1))
                .isEqualTo(LoopPause.MIN_SLEEP_MS);
        assertThat(LoopPause.after(turn(false, false, 0, 0), POLL, 500, Long.MAX_VALUE, () -> 0))
                .isZero();
        assertThat(LoopPause.after(turn(false, false, 0, 0), POLL, 500, Long.MAX_VALUE, () -> -30))
                .isZero();
    }

    @Test
    void readsTheScheduleOnlyWhenIdle() {
        AtomicInteger reads = new AtomicInteger();
        LongSupplier counted = () -> {
            reads.incrementAndGet();
            return POLL;
        };
        LoopPause.after(turn(true, false, 10, 0), POLL, 500, 500, counted);
        LoopPause.after(turn(false, true, 90, 0), POLL, 500, 500, counted);
        LoopPause.after(turn(false, false, 0, 3), POLL, 500, 500, counted);
        assertThat(reads).hasValue(0);
        LoopPause.after(turn(false, false, 0, 0), POLL, 500, 500, counted);
        assertThat(reads).hasValue(1);
    }

    @Test
    void onlyALoopHoldingNothingWithNothingFoundParks() {
        assertThat(LoopPause.idle(turn(false, false, 0, 0))).isTrue();
        assertThat(LoopPause.idle(turn(false, false, 1, 0)))
                .as("a handler runs")
                .isFalse();
        assertThat(LoopPause.idle(turn(true, false, 0, 0)))
                .as("the window holds more")
                .isFalse();
        assertThat(LoopPause.idle(turn(false, true, 0, 0)))
                .as("ready tasks remain")
                .isFalse();
        assertThat(LoopPause.idle(turn(false, false, 0, 1)))
                .as("another instance moves")
                .isFalse();
    }
}
