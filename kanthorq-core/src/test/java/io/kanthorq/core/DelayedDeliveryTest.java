package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.EngineTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class DelayedDeliveryTest extends EngineTest {

    private final Map<String, Instant> handledAt = new ConcurrentHashMap<>();

    @Test
    void aDelayedEventIsInTheStreamAtOnceButItsTaskRunsOnlyFromItsDeliveryTime() {
        register(consumer("later", "order.>").build());
        kanthorq.startWorker("later", task -> handledAt.put(task.event().id(), Instant.now()), fastOptions());

        Event event = kanthorq.publisher()
                .publish(
                        STREAM,
                        NewEvent.of("order.reminder", "pay"),
                        PublishOptions.DEFAULT.withDelay(Duration.ofSeconds(2)));
        Instant due = event.createdAt().plusSeconds(2);

        assertThat(kanthorq.management().event(STREAM, event.id())).isPresent();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> task("later", event.id()).state() == TaskState.AVAILABLE);
        assertThat(task("later", event.id()).scheduleAt()).isEqualTo(due);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(2)).until(handledAt::isEmpty);

        await().atMost(Duration.ofSeconds(5)).until(() -> handledAt.containsKey(event.id()));
        // the database clock decided; allow for the JVM clock being a little apart from it
        assertThat(handledAt.get(event.id())).isAfter(due.minusMillis(200));
        assertThat(handledAt.get(event.id())).isBefore(due.plusSeconds(1));
    }

    @Test
    void anEventWithADeliveryTimeInThePastIsDeliveredAtOnce() {
        register(consumer("overdue", "order.>").build());
        kanthorq.startWorker("overdue", task -> handledAt.put(task.event().id(), Instant.now()), fastOptions());

        Event event = kanthorq.publisher()
                .publish(
                        STREAM,
                        NewEvent.of("order.reminder", "late"),
                        PublishOptions.DEFAULT.withDeliverAt(Instant.now().minusSeconds(3600)));

        await().atMost(Duration.ofSeconds(5)).until(() -> handledAt.containsKey(event.id()));
    }

    @Test
    void aScheduledTaskCanBeCancelledBeforeItsTime() {
        register(consumer("cancelled_later", "order.>").build());
        Kanthorq mover = newEngine();
        Event event = kanthorq.publisher()
                .publish(
                        STREAM,
                        NewEvent.of("order.reminder", "never"),
                        PublishOptions.DEFAULT.withDeliverAt(Instant.now().plusSeconds(3)));
        mover.startWorker("cancelled_later", task -> handledAt.put(task.event().id(), Instant.now()), fastOptions());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> kanthorq.management()
                        .task("cancelled_later", event.id())
                        .isPresent());

        assertThat(kanthorq.management().cancel("cancelled_later", List.of(event.id())))
                .isEqualTo(1);

        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(handledAt::isEmpty);
        assertThat(task("cancelled_later", event.id()).state()).isEqualTo(TaskState.CANCELLED);
    }

    @Test
    void aDelayedEventSurvivesARestartOfEveryEngine() {
        register(consumer("durable_later", "order.>").build());
        Kanthorq before = newEngine();
        before.startWorker("durable_later", task -> handledAt.put(task.event().id(), Instant.now()), fastOptions());
        Event event = kanthorq.publisher()
                .publish(
                        STREAM,
                        NewEvent.of("order.reminder", "after restart"),
                        PublishOptions.DEFAULT.withDelay(Duration.ofSeconds(2)));
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        kanthorq.management().task("durable_later", event.id()).isPresent());
        before.stop();
        assertThat(handledAt).isEmpty();

        Kanthorq after = newEngine();
        after.startWorker("durable_later", task -> handledAt.put(task.event().id(), Instant.now()), fastOptions());

        await().atMost(Duration.ofSeconds(6)).until(() -> handledAt.containsKey(event.id()));
        assertThat(handledAt.get(event.id())).isAfter(event.createdAt().plusMillis(1800));
    }
}
