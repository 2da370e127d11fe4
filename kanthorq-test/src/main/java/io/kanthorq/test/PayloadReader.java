package io.kanthorq.test;

import io.kanthorq.core.Event;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Turns a published event's body into the type a test asks for. {@link #PLAIN} reads {@code byte[]},
 * {@code String} and {@link Event} itself; the Spring part reads everything else with the application's
 * payload codec (its Jackson {@code JsonMapper}), as a {@code @KanthorqSubscriber} parameter would be.
 */
@FunctionalInterface
public interface PayloadReader {

    /** Reads only the body as it is: {@code byte[]}, {@code String} (UTF-8) or the {@link Event}. */
    PayloadReader PLAIN = (event, type) -> {
        throw new IllegalArgumentException("only byte[], String and Event are read without a payload codec (use the"
                + " Spring test kit, or pass a reader to KanthorqTestKit.of)");
    };

    /** {@code event}'s body as {@code type}; fails with a message naming the event and the type. */
    Object read(Event event, Type type);

    /** {@code event}'s body as {@code type}, the plain types read here and the rest by {@code reader}. */
    static Object read(PayloadReader reader, Event event, Type type) {
        if (type == Event.class) {
            return event;
        }
        if (type == String.class) {
            return new String(event.body(), StandardCharsets.UTF_8);
        }
        if (type == byte[].class) {
            return event.body();
        }
        return reader.read(event, type);
    }
}
