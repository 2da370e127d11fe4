package io.kanthorq.core;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How an event is published, beyond its subject and body: an ordering key, an idempotency key, a
 * delivery time, a correlation id and metadata. Immutable; start from {@link #DEFAULT} and chain the
 * withers, e.g. {@code PublishOptions.DEFAULT.withKey(orderId).withDelay(Duration.ofMinutes(5))}.
 *
 * <ul>
 *   <li>{@linkplain #withKey Ordering key}: consumers configured {@code ordering: key} run the tasks of
 *       one key one at a time, in delivery order (other consumers ignore it).</li>
 *   <li>{@linkplain #withIdempotencyKey Idempotency key}: one event per key and stream for as long as
 *       that event exists; publishing the key again writes nothing and returns the first event.</li>
 *   <li>{@linkplain #withDeliverAt Delivery time} or {@linkplain #withDelay delay}: the event is in the
 *       stream at once, its tasks become claimable at that time by the database clock (a delay counts
 *       from the database's now at publish). The later of the two withers wins.</li>
 *   <li>{@linkplain #withCorrelationId Correlation id}: the chain the event belongs to (opaque text);
 *       without it an event is the root of its own chain.</li>
 * </ul>
 * Keys are checked when set: non-empty, at most {@value #MAX_KEY_LENGTH} characters (correlation ids at
 * most {@value #MAX_CORRELATION_ID_LENGTH}).
 */
public final class PublishOptions {

    /** Longest ordering or idempotency key. */
    public static final int MAX_KEY_LENGTH = 256;

    /** Longest explicit correlation id. */
    public static final int MAX_CORRELATION_ID_LENGTH = 128;

    /** No key, no delay, a root event, no metadata. */
    public static final PublishOptions DEFAULT = new PublishOptions(null, null, null, null, null, Map.of());

    private final String key;
    private final String idempotencyKey;
    private final Instant deliverAt;
    private final Duration delay;
    private final String correlationId;
    private final Map<String, String> metadata;

    private PublishOptions(
            String key,
            String idempotencyKey,
            Instant deliverAt,
            Duration delay,
            String correlationId,
            Map<String, String> metadata) {
        this.key = key;
        this.idempotencyKey = idempotencyKey;
        this.deliverAt = deliverAt;
        this.delay = delay;
        this.correlationId = correlationId;
        this.metadata = metadata;
    }

    /** These options with ordering key {@code key}. */
    public PublishOptions withKey(String key) {
        return new PublishOptions(
                requireKey("ordering key", key, MAX_KEY_LENGTH),
                idempotencyKey,
                deliverAt,
                delay,
                correlationId,
                metadata);
    }

    /** These options with idempotency key {@code idempotencyKey}. */
    public PublishOptions withIdempotencyKey(String idempotencyKey) {
        return new PublishOptions(
                key,
                requireKey("idempotency key", idempotencyKey, MAX_KEY_LENGTH),
                deliverAt,
                delay,
                correlationId,
                metadata);
    }

    /** These options delivering at {@code deliverAt} (replaces a delay). A time in the past delivers at once. */
    public PublishOptions withDeliverAt(Instant deliverAt) {
        Objects.requireNonNull(deliverAt, "deliverAt");
        return new PublishOptions(key, idempotencyKey, deliverAt, null, correlationId, metadata);
    }

    /** These options delivering {@code delay} after the publish, by the database clock (replaces a time). */
    public PublishOptions withDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new InvalidInputException("publish delay must not be negative, got " + delay);
        }
        return new PublishOptions(key, idempotencyKey, null, delay, correlationId, metadata);
    }

    /** These options with correlation id {@code correlationId}: the event joins that chain. */
    public PublishOptions withCorrelationId(String correlationId) {
        return new PublishOptions(
                key,
                idempotencyKey,
                deliverAt,
                delay,
                requireKey("correlation id", correlationId, MAX_CORRELATION_ID_LENGTH),
                metadata);
    }

    /** These options with {@code metadata} added (an event's own metadata wins on the same key). */
    public PublishOptions withMetadata(Map<String, String> metadata) {
        Objects.requireNonNull(metadata, "metadata");
        Map<String, String> merged = new HashMap<>(this.metadata);
        metadata.forEach((k, v) -> {
            if (k == null || k.isEmpty() || v == null) {
                throw new InvalidInputException("metadata keys must be non-empty and values non-null, got "
                        + Names.quote(k) + " = " + Names.quote(v));
            }
            merged.put(k, v);
        });
        return new PublishOptions(key, idempotencyKey, deliverAt, delay, correlationId, Map.copyOf(merged));
    }

    /** The ordering key, or null. */
    public String key() {
        return key;
    }

    /** The idempotency key, or null. */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** The delivery time, or null (see {@link #delay}). */
    public Instant deliverAt() {
        return deliverAt;
    }

    /** The delivery delay, or null (see {@link #deliverAt}). */
    public Duration delay() {
        return delay;
    }

    /** The explicit correlation id, or null. */
    public String correlationId() {
        return correlationId;
    }

    /** Metadata added to every event published with these options (empty by default). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Whether these are the defaults (the publisher then takes its shortest path). */
    public boolean isDefault() {
        return key == null
                && idempotencyKey == null
                && deliverAt == null
                && delay == null
                && correlationId == null
                && metadata.isEmpty();
    }

    /**
     * These options with every field they leave unset taken from {@code defaults} (metadata merged,
     * these winning): how an event's own options combine with those of its batch.
     */
    public PublishOptions orElse(PublishOptions defaults) {
        if (defaults.isDefault()) {
            return this;
        }
        Map<String, String> merged = new HashMap<>(defaults.metadata);
        merged.putAll(metadata);
        boolean timed = deliverAt != null || delay != null;
        return new PublishOptions(
                key != null ? key : defaults.key,
                idempotencyKey != null ? idempotencyKey : defaults.idempotencyKey,
                timed ? deliverAt : defaults.deliverAt,
                timed ? delay : defaults.delay,
                correlationId != null ? correlationId : defaults.correlationId,
                Map.copyOf(merged));
    }

    private static String requireKey(String what, String value, int maxLength) {
        if (value == null || value.isEmpty() || value.length() > maxLength) {
            throw new InvalidInputException(
                    "invalid " + what + " " + Names.quote(value) + ": it must be 1 to " + maxLength + " characters");
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PublishOptions o
                && Objects.equals(key, o.key)
                && Objects.equals(idempotencyKey, o.idempotencyKey)
                && Objects.equals(deliverAt, o.deliverAt)
                && Objects.equals(delay, o.delay)
                && Objects.equals(correlationId, o.correlationId)
                && metadata.equals(o.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, idempotencyKey, deliverAt, delay, correlationId, metadata);
    }

    @Override
    public String toString() {
        return "PublishOptions[key=" + key + ", idempotencyKey=" + idempotencyKey + ", deliverAt=" + deliverAt
                + ", delay=" + delay + ", correlationId=" + correlationId + ", metadata=" + metadata + "]";
    }
}
