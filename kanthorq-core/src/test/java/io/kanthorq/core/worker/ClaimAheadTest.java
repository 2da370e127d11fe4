package io.kanthorq.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How many tasks a worker claims beyond its free handlers, without a database. */
class ClaimAheadTest {

    private static final Duration AHEAD = Duration.ofMillis(100);

    @Test
    void claimsNothingAheadBeforeAHandlerHasFinished() {
        assertThat(new ClaimAhead(4, 200, AHEAD).tasks()).isZero();
    }

    @Test
    void shortHandlersClaimUpToThePrefetch() {
        ClaimAhead ahead = new ClaimAhead(4, 200, AHEAD);
        ahead.record(TimeUnit.MICROSECONDS.toNanos(20));
        assertThat(ahead.tasks()).isEqualTo(200);
    }

    @Test
    void claimsAboutTheConfiguredHandlerWorkAhead() {
        ClaimAhead ahead = new ClaimAhead(4, 200, AHEAD);
        ahead.record(TimeUnit.MILLISECONDS.toNanos(10));
        // four handlers × 100 ms / 10 ms
        assertThat(ahead.tasks()).isEqualTo(40);
    }

    @Test
    void slowHandlersClaimNothingAheadSoOtherInstancesCanTakeTheirTasks() {
        ClaimAhead ahead = new ClaimAhead(4, 200, AHEAD);
        ahead.record(TimeUnit.SECONDS.toNanos(1));
        assertThat(ahead.tasks()).isZero();
    }

    @Test
    void handlersThatSlowDownClaimLessWithinAFewDozenTasks() {
        ClaimAhead ahead = new ClaimAhead(4, 200, AHEAD);
        ahead.record(TimeUnit.MICROSECONDS.toNanos(50));
        assertThat(ahead.tasks()).isEqualTo(200);
        for (int i = 0; i < 40; i++) {
            ahead.record(TimeUnit.SECONDS.toNanos(2));
        }
        assertThat(ahead.tasks()).isZero();
    }

    @Test
    void zeroPrefetchOrZeroClaimAheadClaimsNothingAhead() {
        ClaimAhead noPrefetch = new ClaimAhead(4, 0, AHEAD);
        ClaimAhead noTime = new ClaimAhead(4, 200, Duration.ZERO);
        noPrefetch.record(1_000);
        noTime.record(1_000);
        assertThat(noPrefetch.tasks()).isZero();
        assertThat(noTime.tasks()).isZero();
    }
}
