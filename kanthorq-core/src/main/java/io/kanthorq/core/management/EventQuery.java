package io.kanthorq.core.management;

import io.kanthorq.core.Event;
import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.Subjects;
import java.time.Instant;

/**
 * Selects events of a stream by publish time and subject, in {@code (created_at, id)} order. The
 * time range (and the page position) is served by the stream's {@code created_at} index; the subject
 * filter is applied to the rows of that range.
 *
 * @param since          only events published at or after this time, or null
 * @param until          only events published before this time, or null
 * @param subject        a subject filter with NATS wildcards, or null
 * @param limit          most events returned (1 to 10 000)
 * @param afterCreatedAt with {@code afterId}: continue after this event (the last of the previous page)
 * @param afterId        see {@code afterCreatedAt}
 */
public record EventQuery(
        Instant since, Instant until, String subject, int limit, Instant afterCreatedAt, String afterId) {

    /** Most events one query returns. */
    public static final int MAX_LIMIT = 10_000;

    /** Validates the subject filter and the limit. */
    public EventQuery {
        if (subject != null) {
            Subjects.requireValidFilter(subject);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("event query limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if ((afterCreatedAt == null) != (afterId == null)) {
            throw new InvalidInputException("an event query continues after an event: give both its time and its id");
        }
    }

    /** The first {@code limit} events of the stream. */
    public static EventQuery first(int limit) {
        return new EventQuery(null, null, null, limit, null, null);
    }

    /** This query, restricted to events published in {@code [since, until)} (either may be null). */
    public EventQuery between(Instant since, Instant until) {
        return new EventQuery(since, until, subject, limit, afterCreatedAt, afterId);
    }

    /** This query, restricted to subjects matching {@code filter}. */
    public EventQuery withSubject(String filter) {
        return new EventQuery(since, until, filter, limit, afterCreatedAt, afterId);
    }

    /** The next page: events after {@code last}, the last event of this page. */
    public EventQuery after(Event last) {
        return new EventQuery(since, until, subject, limit, last.createdAt(), last.id());
    }
}
