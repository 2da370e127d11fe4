package io.kanthorq.core.observation;

import io.micrometer.common.KeyValues;

/**
 * Publish observations after the OpenTelemetry messaging conventions: name {@code kanthorq.publish},
 * contextual name {@code publish <stream>}, low-cardinality tags {@code messaging.system=kanthorq},
 * {@code messaging.destination.name}, {@code messaging.operation=publish}, {@code kanthorq.subject};
 * high-cardinality {@code messaging.batch.message_count}.
 */
public class DefaultKanthorqPublishObservationConvention implements KanthorqPublishObservationConvention {

    /** The shared instance. */
    public static final DefaultKanthorqPublishObservationConvention INSTANCE =
            new DefaultKanthorqPublishObservationConvention();

    @Override
    public String getName() {
        return "kanthorq.publish";
    }

    @Override
    public String getContextualName(KanthorqPublishContext context) {
        return "publish " + context.stream();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(KanthorqPublishContext context) {
        return KeyValues.of(
                "messaging.system",
                "kanthorq",
                "messaging.destination.name",
                context.stream(),
                "messaging.operation",
                "publish",
                "kanthorq.subject",
                context.subject());
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(KanthorqPublishContext context) {
        return KeyValues.of("messaging.batch.message_count", Integer.toString(context.events()));
    }
}
