package io.kanthorq.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names and tags of handler-attempt observations; implement it to override {@link DefaultKanthorqProcessObservationConvention}. */
public interface KanthorqProcessObservationConvention extends ObservationConvention<KanthorqProcessContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof KanthorqProcessContext;
    }
}
