package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.observation.KanthorqObservations;
import io.kanthorq.core.observation.KanthorqProcessContext;
import io.kanthorq.core.observation.KanthorqPublishContext;
import io.kanthorq.core.testsupport.EngineTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Publishes and handler attempts are observed, and the trace context a publish writes into the event's
 * metadata reaches every attempt. A stand-in for a tracing handler plays the propagator: it writes a
 * {@code traceparent} into each publish's carrier and reads it back from each attempt's.
 */
class ObservationTest extends EngineTest {

    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private final Queue<Observation.Context> stopped = new ConcurrentLinkedQueue<>();
    private final Queue<String> receivedTraceparents = new ConcurrentLinkedQueue<>();

    @Test
    void everyAttemptContinuesTheTraceOfThePublishAndChildPublishesNestUnderTheAttempt() {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new PropagatorStandIn());
        Kanthorq observed = Kanthorq.builder(ConnectionProvider.of(schema.dataSource()))
                .observations(KanthorqObservations.of(registry))
                .build();
        stopAfterTest(observed);
        observed.registrar()
                .registerConsumer(consumer("traced", "order.cancelled")
                        .backoff(new Backoff(Duration.ofMillis(50), 1.0, Duration.ofMillis(50)))
                        .build());
        AtomicInteger attempts = new AtomicInteger();
        observed.startWorker(
                "traced",
                task -> {
                    if (attempts.incrementAndGet() < 3) {
                        throw new IllegalStateException("not yet");
                    }
                    observed.publisher().publish(STREAM, NewEvent.of("refund.issued", "r"));
                },
                fastOptions());

        Event event = observed.publisher().publish(STREAM, NewEvent.of("order.cancelled", "x"));

        assertThat(event.metadata()).containsEntry("traceparent", TRACEPARENT);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> stopped.stream()
                                .filter(c -> c instanceof KanthorqProcessContext)
                                .count()
                        == 3);
        List<KanthorqProcessContext> processes = stopped.stream()
                .filter(c -> c instanceof KanthorqProcessContext)
                .map(c -> (KanthorqProcessContext) c)
                .toList();
        assertThat(receivedTraceparents).hasSize(3).containsOnly(TRACEPARENT);
        assertThat(processes)
                .extracting(c -> c.getLowCardinalityKeyValue("kanthorq.outcome").getValue())
                .containsExactly("error", "error", "completed");
        KanthorqProcessContext last = processes.get(2);
        assertThat(last.getName()).isEqualTo("kanthorq.process");
        assertThat(last.getContextualName()).isEqualTo("process " + STREAM);
        assertThat(last.getLowCardinalityKeyValue("messaging.system").getValue())
                .isEqualTo("kanthorq");
        assertThat(last.getLowCardinalityKeyValue("messaging.destination.name").getValue())
                .isEqualTo(STREAM);
        assertThat(last.getLowCardinalityKeyValue("messaging.operation").getValue())
                .isEqualTo("process");
        assertThat(last.getLowCardinalityKeyValue("kanthorq.consumer").getValue())
                .isEqualTo("traced");
        assertThat(last.getHighCardinalityKeyValue("messaging.message.id").getValue())
                .isEqualTo(event.id());
        assertThat(last.getHighCardinalityKeyValue("kanthorq.attempt").getValue())
                .isEqualTo("3");

        List<KanthorqPublishContext> publishes = stopped.stream()
                .filter(c -> c instanceof KanthorqPublishContext)
                .map(c -> (KanthorqPublishContext) c)
                .toList();
        assertThat(publishes).hasSize(2);
        assertThat(publishes
                        .get(0)
                        .getLowCardinalityKeyValue("messaging.operation")
                        .getValue())
                .isEqualTo("publish");
        assertThat(publishes.get(0).getParentObservation()).isNull();
        KanthorqPublishContext child = publishes.get(1);
        assertThat(child.subject()).isEqualTo("refund.issued");
        assertThat(child.getParentObservation().getContextView())
                .as("the handler's publish is a child of its attempt")
                .isSameAs(last);
    }

    @Test
    void anEngineWithoutObservationsStoresNoTraceContext() {
        kanthorq.registrar().registerStream(STREAM);
        Event event = kanthorq.publisher().publish(STREAM, NewEvent.of("order.created", "x"));
        assertThat(event.metadata()).isEmpty();
    }

    /** Writes a traceparent into every publish's carrier, reads it from every attempt's, records stops. */
    private final class PropagatorStandIn implements ObservationHandler<Observation.Context> {
        @Override
        public void onStart(Observation.Context context) {
            if (context instanceof KanthorqPublishContext publish) {
                publish.getSetter().set(publish.getCarrier(), "traceparent", TRACEPARENT);
            } else if (context instanceof KanthorqProcessContext process) {
                String traceparent = process.getGetter().get(process.getCarrier(), "traceparent");
                if (traceparent != null) {
                    receivedTraceparents.add(traceparent);
                }
            }
        }

        @Override
        public void onStop(Observation.Context context) {
            stopped.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }
}
