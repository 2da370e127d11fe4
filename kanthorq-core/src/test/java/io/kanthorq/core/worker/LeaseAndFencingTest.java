package io.kanthorq.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.core.Event;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.management.TaskRecord;
import io.kanthorq.core.testsupport.EngineTest;
import io.kanthorq.core.testsupport.ReliabilityFigures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Leases expire and are rescued; stale acknowledgements are fenced out; long handlers keep their lease. */
class LeaseAndFencingTest extends EngineTest {

    private Jdbc jdbc() {
        return new Jdbc(ConnectionProvider.of(schema.dataSource()));
    }

    /** Claims as a worker's turn does when it has nothing to move. */
    private List<ClaimedTask> claim(String consumer) {
        return jdbc().detachedStatement("claim", connection -> TaskClaimer.claim(connection, consumer, STREAM, 10));
    }

    @Test
    void rescuesAnAbandonedClaimAndRejectsTheAbandoningWorkersLateAck() {
        register(consumer("abandoned", "order.>")
                .visibilityTimeout(Duration.ofSeconds(1))
                .build());
        Event event = publish("order.created", "x");
        Moves.over(schema.dataSource()).moveBatch("abandoned", 10);
        List<ClaimedTask> claimed = claim("abandoned");
        assertThat(claimed)
                .singleElement()
                .satisfies(t -> assertThat(t.eventId()).isEqualTo(event.id()));
        // ... and the claiming "worker" dies without acknowledging.

        Set<String> handled = ConcurrentHashMap.newKeySet();
        kanthorq.startWorker("abandoned", task -> handled.add(task.event().id() + "#" + task.attempt()), fastOptions());

        await().atMost(Duration.ofSeconds(10))
                .until(() -> task("abandoned", event.id()).state() == TaskState.COMPLETED);
        assertThat(handled).containsExactly(event.id() + "#2");
        TaskRecord task = task("abandoned", event.id());
        assertThat(task.errors()).singleElement().satisfies(e -> {
            assertThat(e.exception()).isEqualTo(LeaseRescuer.LEASE_EXPIRED);
            assertThat(e.message()).startsWith("lease expired");
        });

        TaskFinisher finisher = new TaskFinisher(jdbc(), new OrderedConsumers(jdbc()));
        assertThat(finisher.write("abandoned", claimed, List.of(), new HashSet<>(), new ArrayList<>()))
                .isEmpty();
        Set<String> discarded = new HashSet<>();
        assertThat(finisher.write(
                        "abandoned",
                        List.of(),
                        List.of(new TaskFinisher.Failure(claimed.get(0), true, null, "late", "X", null)),
                        discarded,
                        new ArrayList<>()))
                .isEmpty();
        assertThat(finisher.extend("abandoned", claimed)).isEmpty();
        assertThat(task("abandoned", event.id()).state()).isEqualTo(TaskState.COMPLETED);
    }

    @Test
    void rejectsALateAckAfterARedriveResetTheAttempts() {
        register(consumer("redrive_fence", "order.>")
                .attemptMax(1)
                .visibilityTimeout(Duration.ofSeconds(1))
                .build());
        Event event = publish("order.created", "x");
        Moves.over(schema.dataSource()).moveBatch("redrive_fence", 10);
        List<ClaimedTask> stale = claim("redrive_fence");
        // lease expires with attempts exhausted: Discarded by the rescue
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            new LeaseRescuer(jdbc(), new OrderedConsumers(jdbc())).rescue("redrive_fence", 10);
            return task("redrive_fence", event.id()).state() == TaskState.DISCARDED;
        });
        kanthorq.management().redrive("redrive_fence", List.of(event.id()));
        List<ClaimedTask> fresh = claim("redrive_fence");
        assertThat(fresh)
                .singleElement()
                .satisfies(t -> assertThat(t.context().attempt()).isEqualTo(1));
        assertThat(fresh.get(0).claim()).isNotEqualTo(stale.get(0).claim());

        TaskFinisher finisher = new TaskFinisher(jdbc(), new OrderedConsumers(jdbc()));
        assertThat(finisher.write("redrive_fence", stale, List.of(), new HashSet<>(), new ArrayList<>()))
                .isEmpty();
        assertThat(task("redrive_fence", event.id()).state()).isEqualTo(TaskState.RUNNING);
        assertThat(finisher.write("redrive_fence", fresh, List.of(), new HashSet<>(), new ArrayList<>()))
                .containsExactly(event.id());
        assertThat(task("redrive_fence", event.id()).state()).isEqualTo(TaskState.COMPLETED);
    }

    @Test
    void executesAHandlerRunningThreeTimesTheVisibilityTimeoutOnce() {
        register(consumer("slow", "order.>")
                .visibilityTimeout(Duration.ofSeconds(1))
                .build());
        AtomicInteger calls = new AtomicInteger();
        kanthorq.startWorker(
                "slow",
                task -> {
                    calls.incrementAndGet();
                    Thread.sleep(3_000);
                },
                fastOptions());
        // a second instance competes for the same consumer and would rescue the task if the lease lapsed
        newEngine()
                .startWorker(
                        "slow",
                        task -> {
                            calls.incrementAndGet();
                            Thread.sleep(3_000);
                        },
                        fastOptions());

        Event event = publish("order.created", "x");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> task("slow", event.id()).state() == TaskState.COMPLETED);
        assertThat(calls.get()).isEqualTo(1);
        TaskRecord task = task("slow", event.id());
        assertThat(task.attemptCount()).isEqualTo(1);
        assertThat(task.errors()).isEmpty();
        ReliabilityFigures.record(
                "5. handler runs 3× the visibility timeout, two engines competing",
                ReliabilityFigures.figures(
                        "handler runs",
                        calls.get(),
                        "attempts",
                        task.attemptCount(),
                        "errors",
                        task.errors().size()));
    }

    @Test
    void releasesAClaimedButUnstartedTaskWithItsAttemptGivenBack() {
        register(consumer("released", "order.>").build());
        Event event = publish("order.created", "x");
        Moves.over(schema.dataSource()).moveBatch("released", 10);
        List<ClaimedTask> claimed = claim("released");
        assertThat(task("released", event.id()).attemptCount()).isEqualTo(1);

        assertThat(new TaskFinisher(jdbc(), new OrderedConsumers(jdbc())).release("released", claimed))
                .containsExactly(event.id());

        TaskRecord task = task("released", event.id());
        assertThat(task.state()).isEqualTo(TaskState.AVAILABLE);
        assertThat(task.attemptCount()).isZero();
    }
}
