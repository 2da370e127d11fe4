package io.kanthorq.core.worker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many tasks a worker claims beyond its free handlers: about {@code claimAhead} of handler work by
 * the recent average handler time, at most {@code prefetch}. Short handlers then get long batches (one
 * commit claims and acknowledges many tasks), while a slow handler's tasks are not hoarded by one
 * instance: with 4 handlers, 100 ms ahead and handlers of a second, nothing is claimed ahead.
 *
 * <p>Until a handler has finished nothing is claimed ahead; the average is exponentially weighted, so
 * a consumer whose handlers slow down claims less within a few dozen tasks. Handler threads record,
 * the loop reads; a lost update under a race only delays the average by one sample.
 */
final class ClaimAhead {

    /** Weight of the newest sample in the moving average. */
    private static final double WEIGHT = 0.1;

    private static final long NO_SAMPLE = -1;

    private final int concurrency;
    private final int prefetch;
    private final long aheadNanos;
    /** The average handler time in nanoseconds as double bits, or {@link #NO_SAMPLE}. */
    private final AtomicLong averageBits = new AtomicLong(NO_SAMPLE);

    ClaimAhead(int concurrency, int prefetch, Duration claimAhead) {
        this.concurrency = concurrency;
        this.prefetch = prefetch;
        this.aheadNanos = claimAhead.toNanos();
    }

    /** A handler ran for {@code nanos}. */
    void record(long nanos) {
        long bits = averageBits.get();
        double next = bits == NO_SAMPLE ? nanos : Double.longBitsToDouble(bits) * (1 - WEIGHT) + nanos * WEIGHT;
        averageBits.compareAndSet(bits, Double.doubleToRawLongBits(next));
    }

    /** Tasks to claim beyond the free handlers now. */
    int tasks() {
        if (prefetch == 0 || aheadNanos == 0) {
            return 0;
        }
        long bits = averageBits.get();
        if (bits == NO_SAMPLE) {
            return 0;
        }
        // a handler faster than a microsecond counts as one: the cap decides
        double average = Math.max(1_000, Double.longBitsToDouble(bits));
        double ahead = concurrency * (aheadNanos / average);
        return (int) Math.min(prefetch, Math.floor(ahead));
    }
}
