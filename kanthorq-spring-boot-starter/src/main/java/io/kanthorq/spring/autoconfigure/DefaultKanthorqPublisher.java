package io.kanthorq.spring.autoconfigure;

import io.kanthorq.core.Event;
import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.Names;
import io.kanthorq.core.NewEvent;
import io.kanthorq.core.PublishOptions;
import io.kanthorq.core.Subjects;
import io.kanthorq.spring.KanthorqPublisher;
import io.kanthorq.spring.runtime.KanthorqInitializer;
import io.kanthorq.spring.runtime.KanthorqTopology;
import io.kanthorq.spring.support.PayloadCodec;
import io.kanthorq.spring.support.PublishListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The starter's {@link KanthorqPublisher}: checks stream, subject and payloads before any SQL,
 * then publishes on the engine, whose connection provider joins the current Spring transaction.
 */
final class DefaultKanthorqPublisher implements KanthorqPublisher {

    private final Kanthorq kanthorq;
    private final KanthorqTopology topology;
    private final PayloadCodec codec;
    private final KanthorqInitializer initializer;
    private final PublishListener listener;

    /** A publisher over {@code kanthorq} for the streams of {@code topology}. */
    DefaultKanthorqPublisher(
            Kanthorq kanthorq,
            KanthorqTopology topology,
            PayloadCodec codec,
            KanthorqInitializer initializer,
            PublishListener listener) {
        this.kanthorq = kanthorq;
        this.topology = topology;
        this.codec = codec;
        this.initializer = initializer;
        this.listener = listener == null ? PublishListener.NONE : listener;
    }

    @Override
    public Event publish(String stream, String subject, Object payload, PublishOptions options) {
        requirePublishable(stream);
        Objects.requireNonNull(options, "options");
        NewEvent event = NewEvent.of(Subjects.requireValid(subject), body(payload));
        initializer.ensureInitialized();
        Event published = kanthorq.publisher().publish(stream, event, options);
        committed(stream, 1);
        return published;
    }

    @Override
    public List<Event> publishAll(String stream, String subject, List<?> payloads, PublishOptions options) {
        requirePublishable(stream);
        Objects.requireNonNull(options, "options");
        Subjects.requireValid(subject);
        Objects.requireNonNull(payloads, "payloads");
        List<NewEvent> events = new ArrayList<>(payloads.size());
        for (Object payload : payloads) {
            events.add(NewEvent.of(subject, body(payload)));
        }
        if (events.isEmpty()) {
            return List.of();
        }
        initializer.ensureInitialized();
        List<Event> published = kanthorq.publisher().publishAll(stream, events, options);
        committed(stream, published.size());
        return published;
    }

    private void requirePublishable(String stream) {
        Names.requireValid("stream", stream);
        if (!topology.isPublishable(stream)) {
            throw new InvalidInputException(
                    "kanthorq: cannot publish to stream '" + stream + "': it is neither declared"
                            + " (kanthorq.streams." + stream
                            + ") nor read by a configured consumer (kanthorq.consumers.*.stream);"
                            + " declare it so it is created at startup");
        }
    }

    private byte[] body(Object payload) {
        if (payload == null) {
            throw new InvalidInputException("kanthorq: the payload must not be null");
        }
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        if (payload instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return codec.encode(payload);
    }

    // Counted at commit, so a rolled-back transaction does not inflate kanthorq.events.published.
    private void committed(String stream, int count) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    listener.published(stream, count);
                }
            });
        } else {
            listener.published(stream, count);
        }
    }
}
