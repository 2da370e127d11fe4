package io.kanthorq.core.observation;

import io.micrometer.observation.transport.SenderContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The observation context of a publish: the stream, the first event's subject and how many events the
 * call publishes. Its carrier is the metadata every event of the publish is stored with, so a tracing
 * handler's propagator writes {@code traceparent} (and {@code tracestate}) there.
 */
public final class KanthorqPublishContext extends SenderContext<Map<String, String>> {

    private final String stream;
    private final String subject;
    private final int events;

    KanthorqPublishContext(String stream, String subject, int events) {
        super((carrier, key, value) -> carrier.put(key, value));
        setCarrier(new HashMap<>());
        this.stream = stream;
        this.subject = subject;
        this.events = events;
        setRemoteServiceName("kanthorq");
    }

    /** The stream published to. */
    public String stream() {
        return stream;
    }

    /** The subject of the (first) event. */
    public String subject() {
        return subject;
    }

    /** How many events the call publishes. */
    public int events() {
        return events;
    }
}
