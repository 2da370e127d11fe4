package io.kanthorq.test.spring;

import static io.kanthorq.core.TaskState.COMPLETED;
import static io.kanthorq.core.TaskState.DISCARDED;
import static io.kanthorq.core.TaskState.RETRYABLE;
import static io.kanthorq.test.KanthorqAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kanthorq.core.Event;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.PublishOptions;
import io.kanthorq.core.TaskRun;
import io.kanthorq.spring.KanthorqPublisher;
import io.kanthorq.spring.runtime.KanthorqWorkers;
import io.kanthorq.test.KanthorqTestKit;
import io.kanthorq.test.TaskRuns;
import io.kanthorq.test.spring.shop.OrderCancelled;
import io.kanthorq.test.spring.shop.Receipts;
import io.kanthorq.test.spring.shop.Refunds;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The test kit driving a Spring application in manual mode: publish, drain, retry, advance, chains. */
@SpringBootTest(classes = io.kanthorq.test.spring.shop.ShopTestApplication.class)
@KanthorqTest
class DrivingAnApplicationTest {

    @Autowired
    KanthorqTestKit kit;

    @Autowired
    KanthorqPublisher publisher;

    @Autowired
    Kanthorq kanthorq;

    @Autowired
    KanthorqWorkers workers;

    @Autowired
    Refunds refunds;

    @Autowired
    Receipts receipts;

    @BeforeEach
    void noScriptedFailures() {
        refunds.clear();
        receipts.handled.clear();
    }

    @Test
    void manualModeStartsNoWorker() {
        assertThat(kanthorq.workers()).isEmpty();
        assertThat(workers.states())
                .containsOnlyKeys("send_cancellation_email", "refund_order", "send_receipt")
                .allSatisfy((consumer, state) -> assertThat(state).isEqualTo("manual"));
        Event event = cancel(1);

        // nothing runs on its own: the task is still there for the test to drive
        assertThat(kit.drain("send_cancellation_email").eventIds()).containsExactly(event.id());
    }

    @Test
    void drainRunsExactlyTheDueTasksAndReportsTheirOutcomes() {
        Event first = cancel(1);
        Event second = cancel(2);
        publisher.publish("order_update", "order.created", "{\"orderId\":3}");

        TaskRuns runs = kit.drain("send_cancellation_email");

        assertThat(runs).hasOutcomes("send_cancellation_email", COMPLETED, COMPLETED);
        assertThat(runs.eventIds()).containsExactly(first.id(), second.id());
        assertThat(runs.all()).extracting(TaskRun::attempt).containsExactly(1, 1);
        assertThat(receipts.handled).containsExactly("email 1", "email 2");
        assertThat(kit.drain("send_cancellation_email")).ranNothing();
        assertThat(kit.drain("refund_order").size()).isEqualTo(2); // the other consumer's tasks were left alone
    }

    @Test
    void aFailedAttemptWaitsForItsBackoffUntilTheScheduleIsMovedForward() {
        refunds.failFirst(7L, 1);
        cancel(7);

        TaskRuns first = kit.drain("refund_order");
        assertThat(first).hasOutcomes("refund_order", RETRYABLE);
        TaskRun failed = first.last();
        assertThat(failed.error()).hasMessageContaining("gateway timed out");
        // the backoff of 10 minutes ±10% jitter, by the database clock
        assertThat(failed.nextAttemptAt())
                .isCloseTo(failed.event().createdAt().plus(Duration.ofMinutes(10)), within(70, ChronoUnit.SECONDS));
        assertThat(kit.drain("refund_order")).ranNothing();

        assertThat(kit.advance("refund_order", Duration.ofMinutes(8))).isEqualTo(1);
        assertThat(kit.drain("refund_order")).ranNothing(); // still a minute or more to go
        kit.advance("refund_order", Duration.ofMinutes(3));

        TaskRuns second = kit.drain("refund_order");
        assertThat(second).hasOutcomes("refund_order", COMPLETED);
        assertThat(second.last().attempt()).isEqualTo(2);
    }

    @Test
    void drainRetryingRunsEveryAttemptAtOnce() {
        refunds.failFirst(7L, 2);
        cancel(7);

        assertThat(kit.drainRetrying("refund_order")).hasOutcomes("refund_order", RETRYABLE, RETRYABLE, COMPLETED);
    }

    @Test
    void aTaskThatKeepsFailingIsDiscardedAfterItsAttempts() {
        refunds.failFirst(7L, Integer.MAX_VALUE);
        cancel(7);

        TaskRuns runs = kit.drainRetrying("refund_order");

        assertThat(runs)
                .hasOutcomes("refund_order", RETRYABLE, RETRYABLE, DISCARDED)
                .hasDiscarded("refund_order");
        assertThat(runs.last().nextAttemptAt()).isNull();
        assertThat(kit.published()).hasNoEvent("order_update", "refund.completed");
    }

    @Test
    void drainAllFollowsTheChainAndThePublishedEventsCarryIt() {
        Event cancelled = cancel(7);

        TaskRuns runs = kit.drainAll();

        assertThat(runs)
                .hasCompleted("send_cancellation_email")
                .hasCompleted("refund_order")
                .hasCompleted("send_receipt")
                .allCompleted()
                .ran(3);
        assertThat(receipts.handled).contains("receipt {\"orderId\":7}");
        assertThat(kit.published())
                .hasEventCount("order_update", "order.>", 1)
                .hasEvent("order_update", "refund.completed")
                .causedBy(cancelled)
                .withCorrelationId(cancelled.id())
                .once();
    }

    @Test
    void aDelayedEventIsDueOnceTheScheduleReachesItsDeliveryTime() {
        publisher.publish(
                "order_update",
                "order.cancelled",
                new OrderCancelled(8, "late@example.com"),
                PublishOptions.DEFAULT.withDelay(Duration.ofHours(2)).withKey("8"));

        assertThat(kit.drain("send_cancellation_email")).ranNothing();
        kit.advance(Duration.ofHours(2));

        assertThat(kit.drain("send_cancellation_email")).hasOutcomes("send_cancellation_email", COMPLETED);
        assertThat(kit.published())
                .hasEvent("order_update", "order.cancelled", OrderCancelled.class)
                .matching(e -> e.orderId() == 8)
                .withKey("8");
    }

    @Test
    void publishedShowsWhatThisTestCommittedWithTypedPayloads() {
        assertThat(kit.published()).hasNoEvents();
        cancel(5);

        assertThat(kit.published())
                .hasEvent("order_update", "order.cancelled", OrderCancelled.class)
                .matching(e -> e.orderId() == 5, "order 5")
                .satisfies(e -> assertThat(e.email()).isEqualTo("buyer5@example.com"));
        assertThat(kit.published().payloads("order_update", "order.*", OrderCancelled.class))
                .containsExactly(new OrderCancelled(5, "buyer5@example.com"));
    }

    private Event cancel(long orderId) {
        return publisher.publish(
                "order_update", "order.cancelled", new OrderCancelled(orderId, "buyer" + orderId + "@example.com"));
    }
}
