package io.kanthorq.core.internal;

import io.kanthorq.core.TaskContext;
import java.util.Map;

/**
 * Where the engine reports publishes and handler attempts for observation (tracing, timers), without
 * naming any observation library: {@link #NONE} unless the application hands in an implementation
 * (Micrometer's, {@code io.kanthorq.core.observation.KanthorqObservations}).
 */
public interface Observations {

    /** Observes nothing. */
    Observations NONE = new Observations() {
        @Override
        public Publish publish(String stream, String subject, int events) {
            return Publish.NONE;
        }

        @Override
        public Process process(String stream, TaskContext task) {
            return Process.NONE;
        }
    };

    /** Starts observing a publish of {@code events} events (the first one's subject) to {@code stream}. */
    Publish publish(String stream, String subject, int events);

    /**
     * Starts observing an attempt of {@code task}'s handler (a consumer of {@code stream}), continuing the
     * trace its event carries; the observation is current on the calling thread until closed.
     */
    Process process(String stream, TaskContext task);

    /** A publish under observation. */
    interface Publish {

        /** Nothing observed. */
        Publish NONE = new Publish() {
            @Override
            public Map<String, String> metadata() {
                return Map.of();
            }

            @Override
            public void close(Throwable error) {}
        };

        /** Metadata to store with every event of the publish: the trace context ({@code traceparent}, …). */
        Map<String, String> metadata();

        /** Ends the observation; {@code error} is null when the publish succeeded. */
        void close(Throwable error);
    }

    /** A handler attempt under observation, current on the handler's thread until closed. */
    interface Process {

        /** Nothing observed. */
        Process NONE = (outcome, error) -> {};

        /**
         * Ends the observation with its {@code outcome} ({@code completed}, {@code retry},
         * {@code discarded} or {@code error}: see the handler's exception); {@code error} null on success.
         */
        void close(String outcome, Throwable error);
    }
}
