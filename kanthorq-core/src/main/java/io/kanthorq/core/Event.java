package io.kanthorq.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An event of a stream as handlers see it.
 *
 * @param id        the ULID text, monotonic within one publisher
 * @param subject   dot-separated subject such as {@code order.cancelled}
 * @param body      the payload bytes (not copied: treat as read-only)
 * @param metadata  string key/value pairs published with the event
 * @param createdAt when the event was published, by the database clock
 */
public record Event(String id, String subject, byte[] body, Map<String, String> metadata, Instant createdAt) {

    /** Validates presence and freezes the metadata. */
    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Event[id=" + id + ", subject=" + subject + ", bytes=" + body.length + ", metadata=" + metadata
                + ", createdAt=" + createdAt + "]";
    }
}
