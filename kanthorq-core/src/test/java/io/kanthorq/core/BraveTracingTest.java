package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import io.kanthorq.core.observation.KanthorqObservations;
import io.kanthorq.core.testsupport.EngineTest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real tracer — Brave through Micrometer Tracing with W3C propagation, wired the way Spring Boot wires
 * it — sees one trace from a request through the publish into every attempt of the task (first attempt
 * retry and redrive alike) and into what the handler publishes.
 */
class BraveTracingTest extends EngineTest {

    private final List<MutableSpan> finished = new CopyOnWriteArrayList<>();
    private final ThreadLocalCurrentTraceContext context =
            ThreadLocalCurrentTraceContext.newBuilder().build();
    private final Tracing tracing = Tracing.newBuilder()
            .traceId128Bit(true)
            .currentTraceContext(context)
            .propagationFactory(new W3CPropagation(new BraveBaggageManager(), List.of()))
            .addSpanHandler(new SpanHandler() {
                @Override
                public boolean end(TraceContext trace, MutableSpan span, Cause cause) {
                    finished.add(span);
                    return true;
                }
            })
            .build();
    private final Tracer tracer =
            new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(context), new BraveBaggageManager());

    @AfterEach
    void closeTracing() {
        tracing.close();
    }

    @Test
    void oneTraceRunsFromTheRequestThroughThePublishIntoEveryAttemptRetriedOrRedrivenAndTheHandlersPublishes() {
        ObservationRegistry registry = ObservationRegistry.create();
        BravePropagator propagator = new BravePropagator(tracing);
        registry.observationConfig()
                .observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                        new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                        new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                        new DefaultTracingObservationHandler(tracer)));
        Kanthorq traced = Kanthorq.builder(ConnectionProvider.of(schema.dataSource()))
                .observations(KanthorqObservations.of(registry))
                .build();
        stopAfterTest(traced);
        traced.registrar()
                .registerConsumer(
                        consumer("refunds", "order.cancelled").attemptMax(2).build());
        traced.registrar()
                .registerConsumer(consumer("receipts", "refund.completed").build());
        Queue<String[]> attempts = new ConcurrentLinkedQueue<>(); // trace id, span id, parent id of each attempt
        AtomicInteger calls = new AtomicInteger();
        InlineWorker refunds = traced.inlineWorker("refunds", task -> {
            Span span = tracer.currentSpan();
            attempts.add(new String[] {
                span.context().traceId(),
                span.context().spanId(),
                span.context().parentId()
            });
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("gateway timed out");
            }
            traced.publisher().publish(STREAM, NewEvent.of("refund.completed", "{}"));
        });

        // the "request": an observation around the publish, as Spring MVC would have open
        Observation request = Observation.start("http.server.requests", registry);
        Event cancelled;
        String traceId;
        try (Observation.Scope scope = request.openScope()) {
            traceId = tracer.currentSpan().context().traceId();
            cancelled = traced.publisher().publish(STREAM, NewEvent.of("order.cancelled", "{}"));
        } finally {
            request.stop();
        }
        refunds.runDue(); // attempt 1 fails
        refunds.retryNow(List.of(cancelled.id()));
        assertThat(refunds.runDue()).extracting(TaskRun::state).containsExactly(TaskState.DISCARDED); // attempt 2
        assertThat(traced.management().redrive("refunds", List.of(cancelled.id())))
                .isEqualTo(1);
        refunds.runDue(); // attempt 3, redriven by an operator long after the request: publishes refund.completed

        String traceparent = cancelled.metadata().get("traceparent");
        assertThat(traceparent).matches("00-" + traceId + "-[0-9a-f]{16}-01");
        assertThat(cancelled.traceId()).isEqualTo(traceId);
        String publishSpan = traceparent.split("-")[2];
        assertThat(attempts).hasSize(3).allSatisfy(attempt -> {
            assertThat(attempt[0]).isEqualTo(traceId);
            assertThat(attempt[2]).isEqualTo(publishSpan); // each attempt is a child of the publish
        });
        Event receipt = traced.management().events(STREAM, io.kanthorq.core.management.EventQuery.first(10)).stream()
                .filter(e -> e.subject().equals("refund.completed"))
                .findFirst()
                .orElseThrow();
        String childParent = receipt.metadata().get("traceparent");
        assertThat(childParent).startsWith("00-" + traceId + "-");
        // the handler's publish is a span under the redriven attempt
        String redrivenAttempt = attempts.stream().skip(2).findFirst().orElseThrow()[1];
        assertThat(finished)
                .filteredOn(span -> span.id().equals(childParent.split("-")[2]))
                .singleElement()
                .satisfies(span -> assertThat(span.parentId()).isEqualTo(redrivenAttempt));
        assertThat(finished).extracting(MutableSpan::traceId).containsOnly(traceId);
        assertThat(receipt.causationId()).isEqualTo(cancelled.id());
        assertThat(finished).extracting(MutableSpan::kind).contains(brave.Span.Kind.PRODUCER, brave.Span.Kind.CONSUMER);
    }
}
