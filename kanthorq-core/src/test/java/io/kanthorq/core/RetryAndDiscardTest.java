package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.management.TaskRecord;
import io.kanthorq.core.testsupport.EngineTest;
import io.kanthorq.core.worker.Moves;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryAndDiscardTest extends EngineTest {

    @Test
    void discardsAnAlwaysFailingTaskAfterExactlyAttemptMaxAttemptsKeepingEveryError() {
        register(consumer("always_fails", "order.>").attemptMax(3).build());
        AtomicInteger calls = new AtomicInteger();
        kanthorq.startWorker(
                "always_fails",
                task -> {
                    throw new IllegalStateException("boom " + calls.incrementAndGet());
                },
                fastOptions());

        Event event = publish("order.created", "x");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> task("always_fails", event.id()).state() == TaskState.DISCARDED);
        TaskRecord task = task("always_fails", event.id());
        assertThat(task.attemptCount()).isEqualTo(3);
        assertThat(task.finalizedAt()).isNotNull();
        assertThat(task.errors()).extracting(TaskRecord.AttemptError::attempt).containsExactly(1, 2, 3);
        assertThat(task.errors())
                .extracting(TaskRecord.AttemptError::message)
                .containsExactly("boom 1", "boom 2", "boom 3");
        assertThat(task.errors()).allSatisfy(error -> {
            assertThat(error.exception()).isEqualTo(IllegalStateException.class.getName());
            assertThat(error.stack()).contains("RetryAndDiscardTest");
        });
        await().during(Duration.ofMillis(600)).until(() -> calls.get() == 3);
    }

    @Test
    void completesATaskThatFailsTwiceWithAttemptCountThreeAfterBackoffNotVisibilityTimeout() {
        // visibility timeout of 10 minutes: had retries waited for it, this test would time out
        register(consumer("flaky", "order.>")
                .attemptMax(5)
                .visibilityTimeout(Duration.ofMinutes(10))
                .backoff(new Backoff(Duration.ofMillis(300), 2.0, Duration.ofSeconds(5)))
                .build());
        List<Long> attemptTimes = new CopyOnWriteArrayList<>();
        kanthorq.startWorker(
                "flaky",
                task -> {
                    attemptTimes.add(System.nanoTime());
                    if (task.attempt() < 3) {
                        throw new RuntimeException("not yet");
                    }
                },
                fastOptions().withPollInterval(Duration.ofSeconds(5)));

        Event event = publish("order.created", "x");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> task("flaky", event.id()).state() == TaskState.COMPLETED);
        assertThat(task("flaky", event.id()).attemptCount()).isEqualTo(3);
        assertThat(task("flaky", event.id()).errors()).hasSize(2);
        long firstGapMs =
                Duration.ofNanos(attemptTimes.get(1) - attemptTimes.get(0)).toMillis();
        long secondGapMs =
                Duration.ofNanos(attemptTimes.get(2) - attemptTimes.get(1)).toMillis();
        // backoff 300 ms then 600 ms, ±10% jitter; the loop wakes for the scheduled retry, not the 5 s poll
        assertThat(firstGapMs).isBetween(250L, 1500L);
        assertThat(secondGapMs).isBetween(520L, 1900L);
    }

    @Test
    void aDueRetryRunsWhileNewEventsKeepWakingTheWorker() throws Exception {
        // a worker woken by a notification while it has room moves new events before claiming ready tasks;
        // a steady stream of events must still let a due retry run on time (the poll would take 30 s)
        register(consumer("busy", "order.>")
                .attemptMax(3)
                .backoff(new Backoff(Duration.ofMillis(200), 2.0, Duration.ofSeconds(5)))
                .build());
        AtomicInteger flakyCalls = new AtomicInteger();
        kanthorq.startWorker(
                "busy",
                task -> {
                    if (task.event().subject().equals("order.flaky") && flakyCalls.incrementAndGet() == 1) {
                        throw new IllegalStateException("first attempt fails");
                    }
                },
                fastOptions().withPollInterval(Duration.ofSeconds(30)).withConcurrency(64)); // room for every event
        Event flaky = publish("order.flaky", "x");
        Thread trickle = new Thread(
                () -> { // as fast as one connection publishes: faster than the worker's turns
                    while (!Thread.currentThread().isInterrupted()) {
                        publish("order.other", "y");
                    }
                });
        trickle.start();
        try {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> task("busy", flaky.id()).state() == TaskState.COMPLETED);
        } finally {
            trickle.interrupt();
            trickle.join();
        }
        assertThat(flakyCalls.get()).isEqualTo(2);
    }

    @Test
    void retryLaterExceptionChoosesTheDelayAndDiscardExceptionDeadLettersAtOnce() {
        register(consumer("directed", "order.>")
                .attemptMax(10)
                .backoff(new Backoff(Duration.ofMinutes(10), 2.0, Duration.ofHours(1)))
                .build());
        List<Long> laterTimes = new CopyOnWriteArrayList<>();
        kanthorq.startWorker(
                "directed",
                task -> {
                    if (task.event().subject().equals("order.later")) {
                        laterTimes.add(System.nanoTime());
                        if (task.attempt() == 1) {
                            throw new RetryLaterException(Duration.ofMillis(400));
                        }
                        return;
                    }
                    throw new DiscardException("payload can never succeed");
                },
                fastOptions());

        Event later = publish("order.later", "x");
        Event poison = publish("order.poison", "x");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> task("directed", later.id()).state() == TaskState.COMPLETED);
        long gapMs = Duration.ofNanos(laterTimes.get(1) - laterTimes.get(0)).toMillis();
        assertThat(gapMs).isBetween(350L, 3000L);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> task("directed", poison.id()).state() == TaskState.DISCARDED);
        TaskRecord dead = task("directed", poison.id());
        assertThat(dead.attemptCount()).isEqualTo(1);
        assertThat(dead.errors()).singleElement().satisfies(error -> {
            assertThat(error.message()).isEqualTo("payload can never succeed");
            assertThat(error.exception()).isEqualTo(DiscardException.class.getName());
        });
    }

    @Test
    void redriveGivesADiscardedTaskFreshAttempts() {
        register(consumer("redriven", "order.>").attemptMax(1).build());
        AtomicInteger calls = new AtomicInteger();
        kanthorq.startWorker(
                "redriven",
                task -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new RuntimeException("first run fails");
                    }
                },
                fastOptions());
        Event event = publish("order.created", "x");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> task("redriven", event.id()).state() == TaskState.DISCARDED);

        assertThat(kanthorq.management().redrive("redriven", List.of(event.id())))
                .isEqualTo(1);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> task("redriven", event.id()).state() == TaskState.COMPLETED);
        TaskRecord task = task("redriven", event.id());
        assertThat(task.attemptCount()).isEqualTo(1);
        assertThat(task.errors()).hasSize(1);
    }

    @Test
    void cancelStopsATaskFromRunningAndRedriveBringsItBack() {
        register(consumer("cancelled", "order.>").build());
        Event event = publish("order.created", "x");
        Moves.over(schema.dataSource()).move("cancelled", 10);

        assertThat(kanthorq.management().cancel("cancelled", List.of(event.id())))
                .isEqualTo(1);
        assertThat(task("cancelled", event.id()).state()).isEqualTo(TaskState.CANCELLED);
        AtomicInteger calls = new AtomicInteger();
        kanthorq.startWorker("cancelled", task -> calls.incrementAndGet(), fastOptions());
        await().during(Duration.ofMillis(800)).until(() -> calls.get() == 0);

        assertThat(kanthorq.management().redriveAll("cancelled", TaskState.CANCELLED))
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> task("cancelled", event.id()).state() == TaskState.COMPLETED);
        assertThat(calls.get()).isEqualTo(1);
    }
}
