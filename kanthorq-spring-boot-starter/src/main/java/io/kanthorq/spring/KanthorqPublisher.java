package io.kanthorq.spring;

import io.kanthorq.core.Event;
import java.util.List;
import java.util.Map;

/**
 * Publishes events to KanthorQ streams from a Spring application.
 *
 * <p>Inside a Spring-managed transaction the events are written on that transaction's connection:
 * they become visible when it commits and vanish when it rolls back (a transactional outbox).
 * Outside one, each call commits on its own.
 *
 * <p>Payloads: {@code byte[]} is stored as is, {@code String} as UTF-8, anything else as JSON
 * written by the application's Jackson 3 {@code JsonMapper} (without Jackson, publishing such a
 * payload fails with a clear error). The stream must be declared under {@code kanthorq.streams} or
 * read by a consumer under {@code kanthorq.consumers}; publishing to any other stream fails before
 * touching the database, so no DDL ever runs inside the caller's transaction.
 */
public interface KanthorqPublisher {

    /** Publishes one event and returns it with its id and creation time. */
    Event publish(String stream, String subject, Object payload);

    /** Publishes one event with string metadata (for example a correlation id). */
    Event publish(String stream, String subject, Object payload, Map<String, String> metadata);

    /** Publishes one event per payload, all with {@code subject}, in one statement. */
    List<Event> publishAll(String stream, String subject, List<?> payloads);
}
