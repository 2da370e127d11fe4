package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Event#traceId()} reads the trace id of a W3C traceparent and nothing else. */
class EventTraceIdTest {

    private static Event withMetadata(Map<String, String> metadata) {
        return new Event("01JEVENT00000000000000000A", "order.created", new byte[0], metadata, Instant.EPOCH);
    }

    @Test
    void readsTheTraceIdOfAW3cTraceparent() {
        assertThat(withMetadata(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                        .traceId())
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void anEventWithoutOrWithAMalformedTraceparentHasNone() {
        assertThat(withMetadata(Map.of()).traceId()).isNull();
        assertThat(withMetadata(Map.of("traceparent", "not a traceparent")).traceId())
                .isNull();
        assertThat(withMetadata(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e47zz-00f067aa0ba902b7-01"))
                        .traceId())
                .isNull();
    }
}
