package io.kanthorq.test;

import io.kanthorq.core.Event;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions that narrow down the published events of one stream and subject: each call keeps the
 * events that satisfy it and fails, listing the candidates, when none does.
 *
 * @param <T> the type the events' bodies are read as
 */
public final class PublishedEventAssert<T> extends AbstractAssert<PublishedEventAssert<T>, PublishedEvents> {

    private final Class<T> type;
    private final String what;

    PublishedEventAssert(PublishedEvents actual, Class<T> type, String what) {
        super(actual, PublishedEventAssert.class);
        this.type = type;
        this.what = what;
    }

    /** Keeps the events whose payload matches {@code condition}. */
    public PublishedEventAssert<T> matching(Predicate<? super T> condition) {
        return narrow(e -> condition.test(e.payload(type)), "matches the given condition");
    }

    /** Keeps the events whose payload matches {@code condition}, described as {@code description} on failure. */
    public PublishedEventAssert<T> matching(Predicate<? super T> condition, String description) {
        return narrow(e -> condition.test(e.payload(type)), "matches " + description);
    }

    /** Keeps the events published with ordering key {@code key}. */
    public PublishedEventAssert<T> withKey(String key) {
        return narrow(e -> Objects.equals(e.event().orderingKey(), key), "has ordering key \"" + key + "\"");
    }

    /** Keeps the events of the chain {@code correlationId}. */
    public PublishedEventAssert<T> withCorrelationId(String correlationId) {
        return narrow(
                e -> Objects.equals(e.event().correlationId(), correlationId),
                "has correlation id \"" + correlationId + "\"");
    }

    /** Keeps the events that a handler of {@code parent} published (their causation is {@code parent}). */
    public PublishedEventAssert<T> causedBy(Event parent) {
        return narrow(e -> Objects.equals(e.event().causationId(), parent.id()), "was caused by event " + parent.id());
    }

    /** Keeps the events whose metadata maps {@code key} to {@code value}. */
    public PublishedEventAssert<T> withMetadata(String key, String value) {
        return narrow(
                e -> Objects.equals(e.event().metadata().get(key), value),
                "has metadata " + key + "=\"" + value + "\"");
    }

    /** Asserts that exactly one event is left. */
    public PublishedEventAssert<T> once() {
        if (actual.size() != 1) {
            failWithMessage(
                    "%nExpected exactly one of the %s, but found %s:%n%s", what, actual.size(), actual.describe());
        }
        return this;
    }

    /** Runs {@code requirements} (AssertJ assertions) on the payload of the first event left. */
    public PublishedEventAssert<T> satisfies(Consumer<? super T> requirements) {
        requirements.accept(payload());
        return this;
    }

    /** The payload of the first event left. */
    public T payload() {
        return actual.all().get(0).payload(type);
    }

    /** The payloads of the events left, in publish order. */
    public List<T> payloads() {
        return actual.all().stream().map(e -> e.payload(type)).toList();
    }

    /** The first event left, as stored (ids, key, metadata). */
    public Event event() {
        return actual.all().get(0).event();
    }

    private PublishedEventAssert<T> narrow(Predicate<PublishedEvent> condition, String description) {
        PublishedEvents kept = actual.filter(condition);
        if (kept.isEmpty()) {
            failWithMessage(
                    "%nExpected one of the %s that %s, but none of these %s does:%n%s",
                    what, description, PublishedEventsAssert.count(actual), actual.describe());
        }
        return new PublishedEventAssert<>(kept, type, what);
    }
}
