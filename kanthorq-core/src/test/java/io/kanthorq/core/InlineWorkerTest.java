package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.EngineTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The inline worker: a consumer's due tasks run on the calling thread through the worker's statements. */
class InlineWorkerTest extends EngineTest {

    @Test
    void runsEveryDueTaskOnTheCallingThreadInPublishOrderAndReportsEachOutcome() {
        register(consumer("emails", "order.>").attemptMax(3).build());
        List<String> threads = new CopyOnWriteArrayList<>();
        InlineWorker inline = kanthorq.inlineWorker("emails", task -> {
            threads.add(Thread.currentThread().getName());
            switch (task.event().bodyAsString()) {
                case "fails" -> throw new IllegalStateException("smtp down");
                case "bad" -> throw new DiscardException("no address");
                default -> {}
            }
        });
        Event ok = publish("order.created", "ok");
        Event fails = publish("order.created", "fails");
        Event bad = publish("order.created", "bad");

        List<TaskRun> runs = inline.runDue();

        assertThat(runs).extracting(r -> r.event().id()).containsExactly(ok.id(), fails.id(), bad.id());
        assertThat(runs)
                .extracting(TaskRun::state)
                .containsExactly(TaskState.COMPLETED, TaskState.RETRYABLE, TaskState.DISCARDED);
        assertThat(runs.get(1).error()).hasMessage("smtp down");
        assertThat(runs.get(1).nextAttemptAt()).isAfter(fails.createdAt());
        assertThat(runs.get(2).nextAttemptAt()).isNull();
        assertThat(threads).containsOnly(Thread.currentThread().getName());
        assertThat(task("emails", fails.id()).errors())
                .singleElement()
                .satisfies(error -> assertThat(error.message()).isEqualTo("smtp down"));
    }

    @Test
    void aRetryWaitsForItsTimeUntilAdvancedOrMadeDue() {
        register(consumer("refunds", "order.>")
                .attemptMax(5)
                .backoff(new Backoff(Duration.ofHours(1), 2.0, Duration.ofHours(4)))
                .build());
        AtomicInteger attempts = new AtomicInteger();
        InlineWorker inline = kanthorq.inlineWorker("refunds", task -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("gateway timed out");
            }
        });
        Event event = publish("order.cancelled", "{}");

        assertThat(inline.runDue()).extracting(TaskRun::state).containsExactly(TaskState.RETRYABLE);
        assertThat(inline.runDue()).isEmpty(); // due in an hour

        assertThat(inline.advance(Duration.ofMinutes(70))).isEqualTo(1); // past the 1 h ±10% backoff
        assertThat(inline.runDue()).extracting(TaskRun::attempt).containsExactly(2);

        assertThat(inline.retryNow(List.of(event.id()))).isEqualTo(1);
        assertThat(inline.runDue()).singleElement().satisfies(run -> {
            assertThat(run.attempt()).isEqualTo(3);
            assertThat(run.state()).isEqualTo(TaskState.COMPLETED);
        });
        assertThat(inline.retryNow(List.of(event.id()))).isZero(); // Completed tasks are left alone
    }

    @Test
    void aDelayedEventIsDueOnlyFromItsDeliveryTime() {
        register(consumer("reminders", "order.>").build());
        List<String> handled = new CopyOnWriteArrayList<>();
        InlineWorker inline = kanthorq.inlineWorker(
                "reminders", task -> handled.add(task.event().bodyAsString()));
        kanthorq.publisher()
                .publish(
                        STREAM,
                        NewEvent.of("order.created", "later"),
                        PublishOptions.DEFAULT.withDelay(Duration.ofDays(1)));

        assertThat(inline.runDue()).isEmpty();
        assertThat(inline.advance(Duration.ofDays(1))).isEqualTo(1);

        assertThat(inline.runDue()).hasSize(1);
        assertThat(handled).containsExactly("later");
    }

    @Test
    void aPausedConsumerRunsNothing() {
        register(consumer("paused", "order.>").build());
        InlineWorker inline = kanthorq.inlineWorker("paused", task -> {});
        publish("order.created", "x");
        kanthorq.management().pause("paused");

        assertThat(inline.runDue()).isEmpty();

        kanthorq.management().resume("paused");
        assertThat(inline.runDue()).hasSize(1);
    }

    @Test
    void runsBesideAWorkerWithoutRunningAnyTaskTwice() {
        register(consumer("shared", "order.>").build());
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        TaskHandler handler = task -> runs.computeIfAbsent(task.event().id(), id -> new AtomicInteger())
                .incrementAndGet();
        InlineWorker inline = kanthorq.inlineWorker("shared", handler);
        publishMany(300);
        kanthorq.startWorker("shared", handler, fastOptions());

        int inlineRuns = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (runs.size() < 300 && System.nanoTime() < deadline) {
            inlineRuns += inline.runDue().size();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> states("shared").equals(Map.of(TaskState.COMPLETED, 300L)));
        assertThat(runs)
                .hasSize(300)
                .allSatisfy((id, count) -> assertThat(count.get()).isEqualTo(1));
        assertThat(inlineRuns).isLessThanOrEqualTo(300);
    }

    @Test
    void anUnregisteredConsumerIsRejectedByName() {
        assertThatThrownBy(() -> kanthorq.inlineWorker("no_such_consumer", task -> {}))
                .isInstanceOf(KanthorqException.class)
                .hasMessageContaining("consumer 'no_such_consumer' is not registered");
        assertThatThrownBy(() -> kanthorq.inlineWorker("Bad-Name", task -> {}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Bad-Name");
    }
}
