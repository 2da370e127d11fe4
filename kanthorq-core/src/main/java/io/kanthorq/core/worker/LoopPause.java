package io.kanthorq.core.worker;

import java.util.function.LongSupplier;

/**
 * How long a worker loop waits after a turn, as a pure function of what the turn found: take another
 * turn at once while there is more to move and room for it, or while a saturated loop has enough free
 * handlers for a worthwhile batch; otherwise wait for handlers to free up, back off from a mover lock
 * another instance holds, or sleep until the next scheduled task, the next rescue or the next lease
 * extension, whichever comes first. A notification ends any wait early.
 */
final class LoopPause {

    /** Shortest sleep of an idle loop, so that tasks due "now" are not polled in a tight loop. */
    static final long MIN_SLEEP_MS = 5;
    /** First wait before moving again after another instance held the consumer's mover lock. */
    static final long BUSY_RETRY_MS = 2;
    /** Longest a saturated loop waits for enough handlers to finish before it claims again. */
    static final long SATURATED_WAIT_MS = 20;

    /** A turn at once. */
    static final long AGAIN = -1;

    /**
     * What the turn found and the loop's state after it.
     *
     * @param moreToMove      the move stopped at its batch size: the window holds more
     * @param saturated       the claim filled all the room it had: ready tasks remain
     * @param inFlight        tasks held now
     * @param capacity        most tasks held at once
     * @param refillThreshold free handlers worth a turn while saturated
     * @param busyStreak      turns in a row that found another instance moving this consumer
     */
    record Turn(
            boolean moreToMove, boolean saturated, int inFlight, int capacity, int refillThreshold, int busyStreak) {}

    private LoopPause() {}

    /**
     * Milliseconds to wait after {@code turn}, or {@link #AGAIN}. {@code nextDueMs} (read only when
     * the loop is idle: it costs a query) gives the time until the next scheduled task or expiring
     * lease, capped at the poll interval.
     */
    static long after(Turn turn, long pollMs, long rescueInMs, long leaseExtensionInMs, LongSupplier nextDueMs) {
        if (turn.moreToMove() && turn.inFlight() < turn.capacity()) {
            return AGAIN;
        }
        if (turn.saturated()) {
            if (turn.capacity() - turn.inFlight() >= turn.refillThreshold()) {
                return AGAIN;
            }
            return Math.max(1, min(SATURATED_WAIT_MS, rescueInMs, leaseExtensionInMs));
        }
        if (turn.busyStreak() > 0) {
            // backing off, so that a lock held for long (a stuck session) is not hammered
            return Math.min(pollMs, BUSY_RETRY_MS << Math.min(turn.busyStreak() - 1, 10));
        }
        long sleep = nextDueMs.getAsLong();
        return Math.max(sleep <= 0 ? 0 : MIN_SLEEP_MS, min(sleep, rescueInMs, leaseExtensionInMs));
    }

    /**
     * Whether the loop is idle after {@code turn}: it holds no task, the window is drained, the claim
     * found less than it had room for and no other instance holds the mover. An idle loop parks with the
     * engine's scanner instead of polling on its own.
     */
    static boolean idle(Turn turn) {
        return turn.inFlight() == 0 && !turn.moreToMove() && !turn.saturated() && turn.busyStreak() == 0;
    }

    private static long min(long a, long b, long c) {
        return Math.min(a, Math.min(b, c));
    }
}
