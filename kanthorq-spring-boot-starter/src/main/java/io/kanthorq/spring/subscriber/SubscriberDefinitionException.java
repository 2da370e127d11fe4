package io.kanthorq.spring.subscriber;

import io.kanthorq.core.KanthorqException;
import java.util.List;

/**
 * Startup failure for {@code @KanthorqSubscriber} methods that cannot run: an unconfigured
 * consumer, two methods for one consumer, an invalid name or an unsupported signature. Thrown
 * before any SQL runs; the message lists every problem, each naming its method.
 */
public class SubscriberDefinitionException extends KanthorqException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** One exception listing {@code problems}. */
    public SubscriberDefinitionException(List<String> problems) {
        super("kanthorq: invalid @KanthorqSubscriber methods:\n - " + String.join("\n - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem, naming its method. */
    public List<String> problems() {
        return problems;
    }
}
