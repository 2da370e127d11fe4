package io.kanthorq.core.observation;

import io.micrometer.common.KeyValues;

/**
 * Handler-attempt observations after the OpenTelemetry messaging conventions: name
 * {@code kanthorq.process}, contextual name {@code process <stream>}, low-cardinality tags
 * {@code messaging.system=kanthorq}, {@code messaging.destination.name} (the stream),
 * {@code messaging.operation=process}, {@code messaging.consumer.group.name} and {@code kanthorq.consumer}
 * (the consumer), {@code kanthorq.subject}, {@code kanthorq.outcome}; high-cardinality
 * {@code messaging.message.id} (the event id) and {@code kanthorq.attempt}.
 */
public class DefaultKanthorqProcessObservationConvention implements KanthorqProcessObservationConvention {

    /** The shared instance. */
    public static final DefaultKanthorqProcessObservationConvention INSTANCE =
            new DefaultKanthorqProcessObservationConvention();

    @Override
    public String getName() {
        return "kanthorq.process";
    }

    @Override
    public String getContextualName(KanthorqProcessContext context) {
        return "process " + context.stream();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(KanthorqProcessContext context) {
        return KeyValues.of(
                "messaging.system", "kanthorq",
                "messaging.destination.name", context.stream(),
                "messaging.operation", "process",
                "messaging.consumer.group.name", context.task().consumer(),
                "kanthorq.consumer", context.task().consumer(),
                "kanthorq.subject", context.task().event().subject(),
                "kanthorq.outcome", context.outcome());
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(KanthorqProcessContext context) {
        return KeyValues.of(
                "messaging.message.id", context.task().event().id(),
                "kanthorq.attempt", Integer.toString(context.task().attempt()));
    }
}
