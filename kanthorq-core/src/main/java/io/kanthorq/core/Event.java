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
 * @param createdAt     when the event was published, by the database clock
 * @param orderingKey   the ordering key it was published with, or null
 * @param correlationId the chain it belongs to: its root event's id (its own id for a root), or the
 *                      correlation id it was published with
 * @param causationId   the id of the event whose handler published it, or null for a root
 */
public record Event(
        String id,
        String subject,
        byte[] body,
        Map<String, String> metadata,
        Instant createdAt,
        String orderingKey,
        String correlationId,
        String causationId) {

    /** Validates presence and freezes the metadata; an event without a correlation id is its own root. */
    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        Objects.requireNonNull(createdAt, "createdAt");
        correlationId = correlationId == null ? id : correlationId;
    }

    /** A root event without an ordering key. */
    public Event(String id, String subject, byte[] body, Map<String, String> metadata, Instant createdAt) {
        this(id, subject, body, metadata, createdAt, null, null, null);
    }

    /** The body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The trace id of the trace the event was published in, read from its W3C {@code traceparent}
     * metadata (written when observations are on and a trace was current), or null. Every attempt of
     * every consumer's task continues that trace, so this is what to search a tracing system for.
     */
    public String traceId() {
        String traceparent = metadata.get("traceparent");
        // version-traceid-parentid-flags: 00-<32 hex>-<16 hex>-<2 hex>
        if (traceparent == null || traceparent.length() < 55 || traceparent.charAt(2) != '-') {
            return null;
        }
        String traceId = traceparent.substring(3, 35);
        return traceId.chars().allMatch(c -> Character.digit(c, 16) >= 0) ? traceId : null;
    }

    @Override
    public String toString() {
        return "Event[id=" + id + ", subject=" + subject + ", bytes=" + body.length + ", metadata=" + metadata
                + ", createdAt=" + createdAt + (orderingKey == null ? "" : ", orderingKey=" + orderingKey)
                + (correlationId.equals(id) ? "" : ", correlationId=" + correlationId)
                + (causationId == null ? "" : ", causationId=" + causationId) + "]";
    }
}
