package io.kanthorq.test;

import io.kanthorq.core.TaskState;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/** Assertions on the attempts a drain ran ({@link TaskRuns}). */
public final class TaskRunsAssert extends AbstractAssert<TaskRunsAssert, TaskRuns> {

    TaskRunsAssert(TaskRuns actual) {
        super(actual, TaskRunsAssert.class);
    }

    /**
     * Asserts the states the attempts of {@code consumer}'s tasks left them in, in the order they ran:
     * e.g. {@code RETRYABLE, RETRYABLE, COMPLETED} for a task that failed twice, then succeeded.
     */
    public TaskRunsAssert hasOutcomes(String consumer, TaskState... states) {
        isNotNull();
        List<TaskState> expected = Arrays.asList(states);
        TaskRuns ofConsumer = actual.ofConsumer(consumer);
        if (!ofConsumer.states().equals(expected)) {
            failWithMessage(
                    "%nExpected the attempts of consumer \"%s\" to end %s, but they ended %s; the drain ran:%n%s",
                    consumer, expected, ofConsumer.states(), actual.describe());
        }
        return this;
    }

    /** Asserts that at least one task of {@code consumer} was Completed. */
    public TaskRunsAssert hasCompleted(String consumer) {
        return hasState(consumer, TaskState.COMPLETED);
    }

    /** Asserts that at least one attempt at a task of {@code consumer} failed and left it Retryable. */
    public TaskRunsAssert hasRetried(String consumer) {
        return hasState(consumer, TaskState.RETRYABLE);
    }

    /** Asserts that at least one task of {@code consumer} was Discarded. */
    public TaskRunsAssert hasDiscarded(String consumer) {
        return hasState(consumer, TaskState.DISCARDED);
    }

    /** Asserts that every attempt completed its task. */
    public TaskRunsAssert allCompleted() {
        isNotNull();
        if (actual.inState(TaskState.COMPLETED).size() != actual.size()) {
            failWithMessage("%nExpected every attempt to complete its task, but the drain ran:%n%s", actual.describe());
        }
        return this;
    }

    /** Asserts that nothing ran. */
    public TaskRunsAssert ranNothing() {
        isNotNull();
        if (!actual.isEmpty()) {
            failWithMessage("%nExpected no task to run, but the drain ran:%n%s", actual.describe());
        }
        return this;
    }

    /** Asserts how many attempts ran. */
    public TaskRunsAssert ran(int attempts) {
        isNotNull();
        if (actual.size() != attempts) {
            failWithMessage(
                    "%nExpected %s attempt(s), but the drain ran %s:%n%s", attempts, actual.size(), actual.describe());
        }
        return this;
    }

    private TaskRunsAssert hasState(String consumer, TaskState state) {
        isNotNull();
        if (actual.ofConsumer(consumer).inState(state).isEmpty()) {
            failWithMessage(
                    "%nExpected an attempt of consumer \"%s\" that left its task %s, but the drain ran:%n%s",
                    consumer, state, actual.describe());
        }
        return this;
    }
}
