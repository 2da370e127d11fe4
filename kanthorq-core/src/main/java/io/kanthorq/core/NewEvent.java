package io.kanthorq.core;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * An event to publish: subject, body, optional metadata and {@link PublishOptions} (ordering key,
 * idempotency key, delivery time, correlation id). Validation against the publisher's limits happens
 * when it is published.
 *
 * @param subject  dot-separated subject, e.g. {@code order.created}
 * @param body     payload bytes
 * @param metadata string key/value pairs (may be empty)
 * @param options  how it is published; a batch's options fill in what an event's own leave unset
 */
public record NewEvent(String subject, byte[] body, Map<String, String> metadata, PublishOptions options) {

    /** Freezes the metadata; rejects null subject or body. */
    public NewEvent {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        options = options == null ? PublishOptions.DEFAULT : options;
    }

    /** An event published with the default options. */
    public NewEvent(String subject, byte[] body, Map<String, String> metadata) {
        this(subject, body, metadata, PublishOptions.DEFAULT);
    }

    /** This event published with {@code options}. */
    public NewEvent withOptions(PublishOptions options) {
        return new NewEvent(subject, body, metadata, options);
    }

    /** An event without metadata. */
    public static NewEvent of(String subject, byte[] body) {
        return new NewEvent(subject, body, Map.of());
    }

    /** An event whose body is {@code body} encoded as UTF-8. */
    public static NewEvent of(String subject, String body) {
        return new NewEvent(subject, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
