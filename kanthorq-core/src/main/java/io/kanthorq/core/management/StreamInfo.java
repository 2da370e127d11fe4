package io.kanthorq.core.management;

import java.time.Instant;

/**
 * A stream as the management API reports it.
 *
 * <p>{@code eventCount} is exact ({@code eventCountExact}) up to {@link #EXACT_COUNT_LIMIT} events: the
 * count stops after that many rows. Above it is the planner's estimate (statistics from the last
 * {@code ANALYZE}, scaled to the table's current size), so listing big streams never reads them row by
 * row. Oldest and newest event times come from the index on
 * {@code created_at} and are exact.
 *
 * @param name            the stream name
 * @param eventCount      events stored (see above)
 * @param eventCountExact whether {@code eventCount} was counted rather than estimated
 * @param oldestEventAt   publish time of the oldest stored event, or null when the stream is empty
 * @param newestEventAt   publish time of the newest stored event, or null when the stream is empty
 * @param consumers       consumers reading the stream
 * @param layoutVersion   layout version of the stream table
 * @param createdAt       when the stream was registered
 */
public record StreamInfo(
        String name,
        long eventCount,
        boolean eventCountExact,
        Instant oldestEventAt,
        Instant newestEventAt,
        int consumers,
        int layoutVersion,
        Instant createdAt) {

    /** Up to this many rows, counts are exact; above, they are estimates. */
    public static final long EXACT_COUNT_LIMIT = 100_000;
}
