package io.kanthorq.test;

/**
 * Entry point of the AssertJ assertions on what a test published and what a drain ran. Import
 * statically beside AssertJ's {@code assertThat}: these overloads are the more specific ones.
 *
 * <pre>{@code
 * assertThat(kit.published()).hasEvent("order_update", "order.cancelled", OrderCancelled.class)
 *         .matching(e -> e.orderId() == 7)
 *         .withKey("7");
 * assertThat(kit.drainRetrying("refund_order"))
 *         .hasOutcomes("refund_order", RETRYABLE, RETRYABLE, COMPLETED);
 * }</pre>
 */
public final class KanthorqAssertions {

    private KanthorqAssertions() {}

    /** Assertions on published events. */
    public static PublishedEventsAssert assertThat(PublishedEvents actual) {
        return new PublishedEventsAssert(actual);
    }

    /** Assertions on the attempts a drain ran. */
    public static TaskRunsAssert assertThat(TaskRuns actual) {
        return new TaskRunsAssert(actual);
    }
}
