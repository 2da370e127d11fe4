package io.kanthorq.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names and tags of publish observations; implement it to override {@link DefaultKanthorqPublishObservationConvention}. */
public interface KanthorqPublishObservationConvention extends ObservationConvention<KanthorqPublishContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof KanthorqPublishContext;
    }
}
