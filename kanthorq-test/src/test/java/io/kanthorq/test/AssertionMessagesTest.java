package io.kanthorq.test;

import static io.kanthorq.test.KanthorqAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanthorq.core.Event;
import io.kanthorq.core.TaskContext;
import io.kanthorq.core.TaskRun;
import io.kanthorq.core.TaskState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The assertions pass on what is there and fail with a message that shows what was there instead. */
class AssertionMessagesTest {

    private static final PublishedEvents PUBLISHED = new PublishedEvents(List.of(
            published("01KA0000000000000000000001", "order.created", "{\"orderId\":7}", "7"),
            published("01KA0000000000000000000002", "order.paid", "{\"orderId\":7}", null)));

    @Test
    void aMissingEventListsWhatWasPublished() {
        assertThatThrownBy(() -> assertThat(PUBLISHED).hasEvent("order_update", "order.cancelled"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("""

                        Expected an event "order.cancelled" in stream "order_update", but the test published 2 events:
                          order_update order.created 01KA0000000000000000000001 key=7 {"orderId":7}
                          order_update order.paid 01KA0000000000000000000002 {"orderId":7}""");
    }

    @Test
    void aConditionNoEventMeetsListsTheCandidates() {
        assertThat(PUBLISHED).hasEvent("order_update", "order.*").withKey("7");

        assertThatThrownBy(() -> assertThat(PUBLISHED)
                        .hasEvent("order_update", "order.paid")
                        .withKey("7"))
                .hasMessageContaining("Expected one of the \"order.paid\" events in stream \"order_update\" that has"
                        + " ordering key \"7\", but none of these 1 event does:")
                .hasMessageContaining("order_update order.paid 01KA0000000000000000000002");
    }

    @Test
    void countsAndAbsenceAreChecked() {
        assertThat(PUBLISHED).hasEventCount("order_update", ">", 2).hasNoEvent("order_update", "order.cancelled");

        assertThatThrownBy(() -> assertThat(PUBLISHED).hasNoEvent("order_update", "order.paid"))
                .hasMessageContaining("Expected no event \"order.paid\" in stream \"order_update\", but found 1 event");
        assertThatThrownBy(() -> assertThat(PUBLISHED).hasNoEvents()).hasMessageContaining("found 2 events");
    }

    @Test
    void outcomesThatDifferShowEveryAttempt() {
        TaskRuns runs = new TaskRuns(List.of(
                run(1, TaskState.RETRYABLE, new IllegalStateException("gateway timed out")),
                run(2, TaskState.COMPLETED, null)));
        assertThat(runs).hasOutcomes("refund_order", TaskState.RETRYABLE, TaskState.COMPLETED);

        assertThatThrownBy(() -> assertThat(runs).hasOutcomes("refund_order", TaskState.COMPLETED))
                .hasMessage("""

                        Expected the attempts of consumer "refund_order" to end [COMPLETED], but they ended [RETRYABLE, COMPLETED]; the drain ran:
                          refund_order order.cancelled 01KA0000000000000000000009 attempt 1 -> RETRYABLE (IllegalStateException: gateway timed out)
                          refund_order order.cancelled 01KA0000000000000000000009 attempt 2 -> COMPLETED""");
        assertThatThrownBy(() -> assertThat(runs).allCompleted()).hasMessageContaining("attempt 1 -> RETRYABLE");
    }

    @Test
    void plainPayloadsAreReadWithoutACodecAndOthersFailNamingTheEvent() {
        PublishedEvent event = PUBLISHED.all().get(0);
        org.assertj.core.api.Assertions.assertThat(event.payload(String.class)).isEqualTo("{\"orderId\":7}");

        assertThatThrownBy(() -> event.payload(Map.class))
                .hasMessageStartingWith("cannot read the body of order_update event 01KA0000000000000000000001"
                        + " (order.created) as java.util.Map: only byte[], String and Event are read without a payload"
                        + " codec");
    }

    private static PublishedEvent published(String id, String subject, String body, String key) {
        Event event = new Event(
                id,
                subject,
                body.getBytes(StandardCharsets.UTF_8),
                Map.of(),
                Instant.parse("2026-12-03T10:00:00Z"),
                key,
                null,
                null);
        return new PublishedEvent("order_update", event, PayloadReader.PLAIN);
    }

    private static TaskRun run(int attempt, TaskState state, Throwable error) {
        Event event = new Event(
                "01KA0000000000000000000009",
                "order.cancelled",
                new byte[0],
                Map.of(),
                Instant.parse("2026-12-03T10:00:00Z"),
                null,
                null,
                null);
        return new TaskRun(
                new TaskContext("refund_order", event, attempt, 10), state, error, null, Duration.ofMillis(3));
    }
}
