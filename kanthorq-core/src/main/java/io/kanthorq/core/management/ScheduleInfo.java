package io.kanthorq.core.management;

import java.time.Instant;

/**
 * A recurring event's schedule as registered.
 *
 * @param name        schedule name
 * @param stream      the stream its events go to
 * @param subject     their subject
 * @param trigger     how its ticks are computed (e.g. {@code cron 0 0 9 * * * in UTC})
 * @param lastTickAt  the last tick published, or null before the first
 * @param lastEventId the event of that tick, or null
 * @param nextTickAt  the tick after the last one published, or null
 * @param createdAt   when it was first registered
 * @param updatedAt   last change of its settings or its last tick
 */
public record ScheduleInfo(
        String name,
        String stream,
        String subject,
        String trigger,
        Instant lastTickAt,
        String lastEventId,
        Instant nextTickAt,
        Instant createdAt,
        Instant updatedAt) {}
