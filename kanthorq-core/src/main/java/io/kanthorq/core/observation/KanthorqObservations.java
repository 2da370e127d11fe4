package io.kanthorq.core.observation;

import io.kanthorq.core.TaskContext;
import io.kanthorq.core.internal.Observations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import java.util.Objects;

/**
 * Micrometer observations of an engine: one per publish call (producer) and one per handler attempt
 * (consumer), for {@link io.kanthorq.core.Kanthorq.Builder#observations}. With a tracing bridge on the
 * registry (Micrometer Tracing), a publish stores the current trace context in the events' metadata
 * ({@code traceparent}, {@code tracestate} with W3C propagation) and every attempt of every consumer's
 * task continues it, so one trace runs from the request through the publish into each handler and
 * what it publishes. Conventions are replaceable; the defaults follow OpenTelemetry's messaging
 * conventions.
 */
public final class KanthorqObservations implements Observations {

    private final ObservationRegistry registry;
    private final KanthorqPublishObservationConvention publishConvention;
    private final KanthorqProcessObservationConvention processConvention;

    private KanthorqObservations(
            ObservationRegistry registry,
            KanthorqPublishObservationConvention publishConvention,
            KanthorqProcessObservationConvention processConvention) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.publishConvention = publishConvention;
        this.processConvention = processConvention;
    }

    /** Observations on {@code registry} with the default conventions. */
    public static KanthorqObservations of(ObservationRegistry registry) {
        return of(registry, null, null);
    }

    /**
     * Observations on {@code registry}; a null convention keeps the default (and a convention
     * registered globally on the registry still wins over the default, as Micrometer's rule is).
     */
    public static KanthorqObservations of(
            ObservationRegistry registry,
            KanthorqPublishObservationConvention publishConvention,
            KanthorqProcessObservationConvention processConvention) {
        return new KanthorqObservations(registry, publishConvention, processConvention);
    }

    @Override
    public Publish publish(String stream, String subject, int events) {
        if (registry.isNoop()) { // no handler: nothing would see it, and no trace context to carry
            return Publish.NONE;
        }
        KanthorqPublishContext context = new KanthorqPublishContext(stream, subject, events);
        Observation observation = Observation.createNotStarted(
                        publishConvention,
                        DefaultKanthorqPublishObservationConvention.INSTANCE,
                        () -> context,
                        registry)
                .start();
        Observation.Scope scope = observation.openScope();
        return new Publish() {
            @Override
            public Map<String, String> metadata() {
                return context.getCarrier();
            }

            @Override
            public void close(Throwable error) {
                scope.close();
                if (error != null) {
                    observation.error(error);
                }
                observation.stop();
            }
        };
    }

    @Override
    public Process process(String stream, TaskContext task) {
        if (registry.isNoop()) {
            return Process.NONE;
        }
        KanthorqProcessContext context = new KanthorqProcessContext(stream, task);
        Observation observation = Observation.createNotStarted(
                        processConvention,
                        DefaultKanthorqProcessObservationConvention.INSTANCE,
                        () -> context,
                        registry)
                .start();
        Observation.Scope scope = observation.openScope();
        return (outcome, error) -> {
            context.outcome(outcome);
            scope.close();
            if (error != null) {
                observation.error(error);
            }
            observation.stop();
        };
    }
}
