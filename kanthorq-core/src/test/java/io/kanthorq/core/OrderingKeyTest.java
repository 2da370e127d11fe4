package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.EngineTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OrderingKeyTest extends EngineTest {

    private static final int KEYS = 100;
    private static final int PER_KEY = 100;

    /** Per key, the handler runs in start order, and how many ran at once at most. */
    private final Map<String, Queue<Integer>> starts = new ConcurrentHashMap<>();

    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final Queue<String> overlaps = new ConcurrentLinkedQueue<>();

    @Test
    void runsTheTasksOfEachKeyOneAtATimeInDeliveryOrderWhileKeysRunInParallelAcrossTwoEngines() {
        register(consumer("per_order", "order.>").ordering(Ordering.KEY).build());
        Kanthorq second = newEngine();
        AtomicInteger maxParallel = new AtomicInteger();
        AtomicInteger now = new AtomicInteger();
        TaskHandler handler = task -> {
            maxParallel.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                record(task);
            } finally {
                now.decrementAndGet();
            }
        };
        kanthorq.startWorker("per_order", handler, fastOptions().withConcurrency(2));
        second.startWorker("per_order", handler, fastOptions().withConcurrency(2));

        // round-robin over the keys, 1,000 events per statement: every batch holds ten events of each key
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < PER_KEY; i++) {
            for (int k = 0; k < KEYS; k++) {
                events.add(NewEvent.of("order.updated", "k" + k + ":" + i)
                        .withOptions(PublishOptions.DEFAULT.withKey("k" + k)));
            }
        }
        for (int from = 0; from < events.size(); from += 1000) {
            kanthorq.publisher().publishAll(STREAM, events.subList(from, from + 1000));
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> handledCount() == KEYS * PER_KEY);
        assertThat(overlaps).isEmpty();
        assertThat(starts).hasSize(KEYS);
        starts.forEach((key, order) -> assertThat(List.copyOf(order))
                .as("handler starts of key %s", key)
                .isEqualTo(range(PER_KEY)));
        assertThat(maxParallel.get()).as("keys ran in parallel").isGreaterThan(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> states("per_order").keySet().equals(java.util.Set.of(TaskState.COMPLETED)));
    }

    @Test
    void aKeyWhoseHeadKeepsFailingHoldsOnlyThatKey() {
        register(consumer("held", "order.>")
                .ordering(Ordering.KEY)
                .attemptMax(1000)
                .backoff(new Backoff(Duration.ofMillis(20), 1.0, Duration.ofMillis(20)))
                .build());
        AtomicInteger headAttempts = new AtomicInteger();
        kanthorq.startWorker(
                "held",
                task -> {
                    if (task.event().bodyAsString().equals("k0:0")) {
                        headAttempts.incrementAndGet();
                        throw new IllegalStateException("gateway down");
                    }
                    record(task);
                },
                fastOptions().withConcurrency(4));

        publishKeyed(10, 10);

        // outcomes are written in batches after the handlers return: wait for the states, not the handlers
        await().atMost(Duration.ofSeconds(30))
                .until(() -> states("held").getOrDefault(TaskState.COMPLETED, 0L) == 9 * 10);
        assertThat(handledCount()).isEqualTo(90);
        assertThat(starts).doesNotContainKey("k0");
        assertThat(headAttempts.get()).isGreaterThan(1);
        assertThat(states("held").get(TaskState.PENDING))
                .as("the failing head's followers wait")
                .isEqualTo(9L);
        assertThat(overlaps).isEmpty();
    }

    @Test
    void aDiscardedHeadBlocksItsKeyByDefaultUntilItIsRedrivenAndRunsAgainFirst() {
        register(consumer("blocking", "order.>")
                .ordering(Ordering.KEY)
                .attemptMax(1)
                .build());
        AtomicInteger failuresLeft = new AtomicInteger(1);
        kanthorq.startWorker(
                "blocking",
                task -> {
                    if (task.event().bodyAsString().equals("k0:0") && failuresLeft.getAndDecrement() > 0) {
                        throw new IllegalStateException("first attempt fails");
                    }
                    record(task);
                },
                fastOptions());

        publishKeyed(2, 3);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> states("blocking").getOrDefault(TaskState.COMPLETED, 0L) == 3
                        && states("blocking").getOrDefault(TaskState.DISCARDED, 0L) == 1);
        await().during(Duration.ofMillis(500)).until(() -> handledCount() == 3);
        assertThat(starts).containsOnlyKeys("k1");
        assertThat(states("blocking")).containsEntry(TaskState.DISCARDED, 1L).containsEntry(TaskState.PENDING, 2L);

        // by filter: the same redrive the dashboard's "redrive everything matching" uses
        assertThat(kanthorq.management()
                        .redrive(
                                "blocking",
                                io.kanthorq.core.management.TaskFilter.of(TaskState.DISCARDED)
                                        .withSubject("order.>")))
                .isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> handledCount() == 6);
        assertThat(List.copyOf(starts.get("k0"))).containsExactly(0, 1, 2);
    }

    @Test
    void cancellingABlockingDeadLetterLetsTheTasksBehindItGoOn() {
        register(consumer("skipped", "order.>")
                .ordering(Ordering.KEY)
                .attemptMax(1)
                .build());
        kanthorq.startWorker(
                "skipped",
                task -> {
                    if (task.event().bodyAsString().equals("k0:0")) {
                        throw new DiscardException("cannot ever succeed");
                    }
                    record(task);
                },
                fastOptions());

        List<Event> published = publishKeyed(1, 3);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> task("skipped", published.get(0).id()).state() == TaskState.DISCARDED);
        assertThat(starts).isEmpty();

        assertThat(kanthorq.management()
                        .cancel("skipped", List.of(published.get(0).id())))
                .isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> handledCount() == 2);
        assertThat(List.copyOf(starts.get("k0"))).containsExactly(1, 2);
        assertThat(task("skipped", published.get(0).id()).state()).isEqualTo(TaskState.CANCELLED);
    }

    @Test
    void aReplayRunsTheTasksOfEachKeyOneAtATimeInPublishOrderAgain() {
        register(consumer("replayed", "order.>").ordering(Ordering.KEY).build());
        kanthorq.startWorker("replayed", this::record, fastOptions().withConcurrency(4));
        publishKeyed(3, 5);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> states("replayed").getOrDefault(TaskState.COMPLETED, 0L) == 15);

        assertThat(kanthorq.management().replayFrom("replayed", java.time.Instant.EPOCH))
                .isEqualTo(15);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> handledCount() == 30 && states("replayed").getOrDefault(TaskState.COMPLETED, 0L) == 15);
        assertThat(overlaps).isEmpty();
        starts.forEach((key, order) -> assertThat(List.copyOf(order))
                .as("runs of key %s, then its replay", key)
                .containsExactly(0, 1, 2, 3, 4, 0, 1, 2, 3, 4));
    }

    @Test
    void aTaskFailingMidLaneRunsAgainBeforeTheTasksQueuedBehindIt() {
        register(consumer("mid_lane", "order.>")
                .ordering(Ordering.KEY)
                .backoff(new Backoff(Duration.ofMillis(20), 1.0, Duration.ofMillis(20)))
                .build());
        AtomicInteger failuresLeft = new AtomicInteger(1);
        kanthorq.startWorker(
                "mid_lane",
                task -> {
                    if (task.event().bodyAsString().equals("k0:5") && failuresLeft.getAndDecrement() > 0) {
                        throw new IllegalStateException("once");
                    }
                    record(task);
                },
                fastOptions().withConcurrency(4));

        // one statement: the worker takes the key's tasks into one lane, more than a lane holds
        publishKeyed(2, 40);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> states("mid_lane").getOrDefault(TaskState.COMPLETED, 0L) == 80);
        assertThat(overlaps).isEmpty();
        assertThat(List.copyOf(starts.get("k0")))
                .as("k0, whose sixth task failed once")
                .isEqualTo(range(40));
        assertThat(List.copyOf(starts.get("k1"))).isEqualTo(range(40));
    }

    @Test
    void stoppingAWorkerGivesItsQueuedTasksBackBehindTheirKeyAndTheNextWorkerKeepsTheOrder() throws Exception {
        register(consumer("handover", "order.>").ordering(Ordering.KEY).build());
        CountDownLatch started = new CountDownLatch(1);
        Worker first = kanthorq.startWorker(
                "handover",
                task -> {
                    started.countDown();
                    record(task);
                    Thread.sleep(50);
                },
                fastOptions().withConcurrency(2));
        publishKeyed(2, 12);
        assertThat(awaitLatch(started)).isTrue();

        first.stop();
        // at most one task per key may be ready or running: the rest wait behind it
        Map<TaskState, Long> afterStop = states("handover");
        long heads = afterStop.getOrDefault(TaskState.AVAILABLE, 0L)
                + afterStop.getOrDefault(TaskState.RUNNING, 0L)
                + afterStop.getOrDefault(TaskState.RETRYABLE, 0L);
        assertThat(heads).as("heads after stop: %s", afterStop).isLessThanOrEqualTo(2);

        Kanthorq second = newEngine();
        second.startWorker("handover", this::record, fastOptions().withConcurrency(2));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> states("handover").getOrDefault(TaskState.COMPLETED, 0L) == 24);
        assertThat(overlaps).isEmpty();
        assertThat(List.copyOf(starts.get("k0"))).isEqualTo(range(12));
        assertThat(List.copyOf(starts.get("k1"))).isEqualTo(range(12));
    }

    @Test
    void withOnDiscardContinueTheNextTaskOfTheKeyRunsAfterADeadLetter() {
        register(consumer("continuing", "order.>")
                .ordering(Ordering.KEY)
                .onDiscard(OnDiscard.CONTINUE)
                .attemptMax(1)
                .build());
        kanthorq.startWorker(
                "continuing",
                task -> {
                    if (task.event().bodyAsString().equals("k0:0")) {
                        throw new IllegalStateException("dead letter");
                    }
                    record(task);
                },
                fastOptions());

        publishKeyed(1, 3);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> states("continuing").getOrDefault(TaskState.COMPLETED, 0L) == 2);
        assertThat(List.copyOf(starts.get("k0"))).containsExactly(1, 2);
        assertThat(states("continuing")).containsEntry(TaskState.DISCARDED, 1L).containsEntry(TaskState.COMPLETED, 2L);
    }

    @Test
    void eventsWithoutAKeyRunInParallelAndAConsumerWithoutOrderingIgnoresKeys() throws Exception {
        register(consumer("keyless", "order.keyless").ordering(Ordering.KEY).build());
        register(consumer("unordered", "order.keyed").build());
        CountDownLatch keylessTogether = new CountDownLatch(2);
        CountDownLatch keyedTogether = new CountDownLatch(2);
        Queue<Boolean> keylessMet = new ConcurrentLinkedQueue<>();
        Queue<Boolean> keyedMet = new ConcurrentLinkedQueue<>();
        kanthorq.startWorker(
                "keyless", meet(keylessTogether, keylessMet), fastOptions().withConcurrency(2));
        kanthorq.startWorker(
                "unordered", meet(keyedTogether, keyedMet), fastOptions().withConcurrency(2));

        kanthorq.publisher()
                .publishAll(STREAM, List.of(NewEvent.of("order.keyless", "a"), NewEvent.of("order.keyless", "b")));
        kanthorq.publisher()
                .publishAll(
                        STREAM,
                        List.of(NewEvent.of("order.keyed", "c"), NewEvent.of("order.keyed", "d")),
                        PublishOptions.DEFAULT.withKey("same"));

        await().atMost(Duration.ofSeconds(15)).until(() -> keylessMet.size() == 2 && keyedMet.size() == 2);
        assertThat(keylessMet)
                .as("two events without a key ran at the same time")
                .containsOnly(true);
        assertThat(keyedMet)
                .as("a consumer without ordering ran one key's events at the same time")
                .containsOnly(true);
    }

    /** A handler that waits (up to 5 s) until {@code together} has counted down, recording whether it did. */
    private static TaskHandler meet(CountDownLatch together, Queue<Boolean> met) {
        return task -> {
            together.countDown();
            met.add(together.await(5, TimeUnit.SECONDS));
        };
    }

    private List<Event> publishKeyed(int keys, int perKey) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < perKey; i++) {
            for (int k = 0; k < keys; k++) {
                events.add(NewEvent.of("order.updated", "k" + k + ":" + i)
                        .withOptions(PublishOptions.DEFAULT.withKey("k" + k)));
            }
        }
        return kanthorq.publisher().publishAll(STREAM, events);
    }

    /** Records a handler run of an event whose body is {@code <key>:<index>}, and any overlap within its key. */
    private void record(TaskContext task) throws InterruptedException {
        String[] parts = task.event().bodyAsString().split(":");
        String key = parts[0];
        assertThat(task.event().orderingKey()).isEqualTo(key);
        AtomicInteger inKey = running.computeIfAbsent(key, k -> new AtomicInteger());
        if (inKey.incrementAndGet() > 1) {
            overlaps.add(key + " at " + parts[1]);
        }
        try {
            starts.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(Integer.parseInt(parts[1]));
            Thread.sleep(0, 200_000);
        } finally {
            inKey.decrementAndGet();
        }
    }

    private static boolean awaitLatch(CountDownLatch latch) throws InterruptedException {
        return latch.await(10, TimeUnit.SECONDS);
    }

    private int handledCount() {
        return starts.values().stream().mapToInt(Queue::size).sum();
    }

    private static List<Integer> range(int n) {
        List<Integer> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        return list;
    }
}
