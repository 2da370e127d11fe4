package io.kanthorq.spring;

import io.kanthorq.core.Event;
import io.kanthorq.core.PublishOptions;
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
    default Event publish(String stream, String subject, Object payload) {
        return publish(stream, subject, payload, PublishOptions.DEFAULT);
    }

    /** Publishes one event with string metadata. */
    default Event publish(String stream, String subject, Object payload, Map<String, String> metadata) {
        return publish(stream, subject, payload, PublishOptions.DEFAULT.withMetadata(metadata));
    }

    /** Publishes one event per payload, all with {@code subject}, in one statement. */
    default List<Event> publishAll(String stream, String subject, List<?> payloads) {
        return publishAll(stream, subject, payloads, PublishOptions.DEFAULT);
    }

    /**
     * Publishes one event with {@code options}: an ordering key, an idempotency key (a key published
     * before on this stream writes nothing and returns the first event), a delivery time or delay, a
     * correlation id, metadata.
     */
    Event publish(String stream, String subject, Object payload, PublishOptions options);

    /**
     * Publishes one event per payload with {@code options}, in one statement. The options apply to every
     * event: with an idempotency key, the first payload is written and every call returns that event.
     */
    List<Event> publishAll(String stream, String subject, List<?> payloads, PublishOptions options);
}
