package io.kanthorq.test;

import io.kanthorq.core.Event;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An event the code under test published, with the stream it went to.
 *
 * @param stream the stream
 * @param event  the event as stored: subject, body, metadata, ordering key, chain ids
 * @param reader reads the body as a typed payload
 */
public record PublishedEvent(String stream, Event event, PayloadReader reader) {

    /** Validates the record. */
    public PublishedEvent {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(reader, "reader");
    }

    /** The event's subject. */
    public String subject() {
        return event.subject();
    }

    /** The body read as {@code type} (JSON through the application's mapper in the Spring test kit). */
    public <T> T payload(Class<T> type) {
        try {
            return type.cast(PayloadReader.read(reader, event, type));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "cannot read the body of " + stream + " event " + event.id() + " (" + event.subject() + ") as "
                            + type.getName() + ": " + e.getMessage(),
                    e);
        }
    }

    /** One line for failure messages: stream, subject, id, key and the start of the body. */
    public String describe() {
        String body = new String(event.body(), StandardCharsets.UTF_8).replace('\n', ' ');
        if (body.length() > 100) {
            body = body.substring(0, 100) + "…";
        }
        return stream + " " + event.subject() + " " + event.id()
                + (event.orderingKey() == null ? "" : " key=" + event.orderingKey()) + " " + body;
    }

    @Override
    public String toString() {
        return describe();
    }
}
