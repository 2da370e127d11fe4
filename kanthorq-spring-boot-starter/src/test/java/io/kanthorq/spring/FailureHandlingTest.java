package io.kanthorq.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.DiscardException;
import io.kanthorq.core.Event;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.RetryLaterException;
import io.kanthorq.core.TaskContext;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.management.TaskDetail;
import io.kanthorq.core.management.TaskRecord;
import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import io.kanthorq.spring.test.Databases;
import io.kanthorq.spring.test.DropSchemasAfterContext;
import io.kanthorq.spring.test.OrderCancelled;
import io.kanthorq.spring.test.Received;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Exceptions from subscriber methods drive the task's fate: retried per the consumer's policy and
 * Discarded after attempt-max; {@link DiscardException} and {@link RetryLaterException} are seen by
 * the worker through the reflective call; a payload that cannot be bound is discarded at once.
 */
@ExtendWith(DropSchemasAfterContext.class) // first: drops the schema after the context below is closed
@SpringBootTest(
        classes = FailureHandlingTest.App.class,
        properties = {
            "spring.flyway.enabled=false",
            "kanthorq.consumers.always_fails.stream=jobs",
            "kanthorq.consumers.always_fails.subjects=job.fail",
            "kanthorq.consumers.always_fails.attempt-max=3",
            "kanthorq.consumers.always_fails.backoff.initial=10ms",
            "kanthorq.consumers.always_fails.backoff.max=20ms",
            "kanthorq.consumers.always_fails.poll-interval=50ms",
            "kanthorq.consumers.strict_typed.stream=jobs",
            "kanthorq.consumers.strict_typed.subjects=job.typed",
            "kanthorq.consumers.strict_typed.attempt-max=5",
            "kanthorq.consumers.strict_typed.poll-interval=50ms",
            "kanthorq.consumers.gives_up.stream=jobs",
            "kanthorq.consumers.gives_up.subjects=job.hopeless",
            "kanthorq.consumers.gives_up.attempt-max=5",
            "kanthorq.consumers.gives_up.poll-interval=50ms",
            "kanthorq.consumers.retries_later.stream=jobs",
            "kanthorq.consumers.retries_later.subjects=job.later",
            "kanthorq.consumers.retries_later.attempt-max=5",
            "kanthorq.consumers.retries_later.backoff.initial=1h",
            "kanthorq.consumers.retries_later.poll-interval=50ms"
        })
@DirtiesContext
class FailureHandlingTest {

    private static final TestSchema schema = TestDatabase.newSchema(4);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Databases.register(registry, schema);
    }

    @Autowired
    KanthorqPublisher publisher;

    @Autowired
    Subscribers subscribers;

    @Autowired
    Kanthorq kanthorq;

    @Autowired
    MeterRegistry meters;

    @Test
    void aFailingHandlerIsRetriedThenDiscardedAfterAttemptMax() {
        Event event = publisher.publish("jobs", "job.fail", "x");

        TaskRecord task = awaitState("always_fails", event, TaskState.DISCARDED);
        assertThat(task.attemptCount()).isEqualTo(3);
        assertThat(task.errors()).hasSize(3).allSatisfy(error -> {
            assertThat(error.exception()).isEqualTo(IllegalStateException.class.getName());
            assertThat(error.message()).startsWith("boom on attempt");
        });
        assertThat(subscribers.failAttempts.get()).isEqualTo(3);
        // one application event, for the discard only (not for the two retries)
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(subscribers.discarded.all())
                        .filteredOn(d -> d.event().id().equals(event.id()))
                        .singleElement()
                        .satisfies(d -> {
                            assertThat(d.consumer()).isEqualTo("always_fails");
                            assertThat(d.attempt()).isEqualTo(3);
                            assertThat(d.attemptMax()).isEqualTo(3);
                            assertThat(d.errorType()).isEqualTo(IllegalStateException.class.getName());
                            assertThat(d.error()).startsWith("boom on attempt 3");
                        }));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(counter("kanthorq.tasks.retried", "always_fails")).isEqualTo(2.0);
            assertThat(counter("kanthorq.tasks.discarded", "always_fails")).isEqualTo(1.0);
        });
    }

    @Test
    void aMalformedPayloadIsDiscardedWithoutRetriesAndWithTheReason() {
        Event event = publisher.publish("jobs", "job.typed", "not json at all");

        TaskRecord task = awaitState("strict_typed", event, TaskState.DISCARDED);
        assertThat(task.attemptCount()).isEqualTo(1);
        assertThat(task.errors()).singleElement().satisfies(error -> {
            assertThat(error.exception()).isEqualTo(DiscardException.class.getName());
            assertThat(error.message()).contains("cannot be read as " + OrderCancelled.class.getName());
        });
        assertThat(subscribers.typed.all()).isEmpty();
    }

    @Test
    void aDiscardExceptionFromTheHandlerDiscardsAtOnce() {
        Event event = publisher.publish("jobs", "job.hopeless", "x");

        TaskRecord task = awaitState("gives_up", event, TaskState.DISCARDED);
        assertThat(task.attemptCount()).isEqualTo(1);
        assertThat(task.errors())
                .singleElement()
                .satisfies(error -> assertThat(error.message()).isEqualTo("hopeless"));
    }

    @Test
    void aRetryLaterExceptionFromTheHandlerChoosesTheDelay() {
        // the consumer's backoff is an hour: only the handler's 10 ms delay lets attempt 2 run now
        Event event = publisher.publish("jobs", "job.later", "x");

        TaskRecord task = awaitState("retries_later", event, TaskState.COMPLETED);
        assertThat(task.attemptCount()).isEqualTo(2);
    }

    private TaskRecord awaitState(String consumer, Event event, TaskState state) {
        return await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> kanthorq.management()
                                .task(consumer, event.id())
                                .map(TaskDetail::task)
                                .orElse(null),
                        task -> task != null && task.state() == state);
    }

    private double counter(String name, String consumer) {
        return meters.get(name)
                .tag("consumer", consumer)
                .tag("stream", "jobs")
                .counter()
                .count();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Subscribers.class)
    static class App {}

    static class Subscribers {
        final AtomicInteger failAttempts = new AtomicInteger();
        final Received<OrderCancelled> typed = new Received<>();
        final Received<KanthorqTaskDiscarded> discarded = new Received<>();

        @EventListener
        void onDiscarded(KanthorqTaskDiscarded task) {
            discarded.add(task);
        }

        @KanthorqSubscriber(consumer = "always_fails")
        void fail(String body, TaskContext task) {
            failAttempts.incrementAndGet();
            throw new IllegalStateException("boom on attempt " + task.attempt());
        }

        @KanthorqSubscriber(consumer = "strict_typed")
        void typed(OrderCancelled payload) {
            typed.add(payload);
        }

        @KanthorqSubscriber(consumer = "gives_up")
        void hopeless(Event event) {
            throw new DiscardException("hopeless");
        }

        @KanthorqSubscriber(consumer = "retries_later")
        void later(TaskContext task) {
            if (task.attempt() == 1) {
                throw new RetryLaterException(Duration.ofMillis(10));
            }
        }
    }
}
