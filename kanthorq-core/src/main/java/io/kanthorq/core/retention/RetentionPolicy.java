package io.kanthorq.core.retention;

import io.kanthorq.core.InvalidInputException;
import java.time.Duration;

/**
 * What retention removes; every age is optional and retention is off by default
 * ({@link #KEEP_EVERYTHING}). Ages are measured by the database clock.
 *
 * @param completedTasks Completed and Cancelled tasks last changed longer ago than this are deleted
 *                       (null: kept)
 * @param discardedTasks Discarded tasks (the dead-letter set) last changed longer ago than this are
 *                       deleted (null: kept); usually longer than {@code completedTasks}
 * @param events         events published longer ago than this are deleted once every consumer of their
 *                       stream has moved past them and every task of theirs is Completed (null: kept)
 * @param batchSize      rows per delete statement (each its own transaction), 1 to 100 000
 */
public record RetentionPolicy(Duration completedTasks, Duration discardedTasks, Duration events, int batchSize) {

    /** Default rows per delete statement. */
    public static final int DEFAULT_BATCH_SIZE = 1000;

    /** Retention off: nothing is ever deleted. */
    public static final RetentionPolicy KEEP_EVERYTHING = new RetentionPolicy(null, null, null, DEFAULT_BATCH_SIZE);

    /** Validates the ages and the batch size. */
    public RetentionPolicy {
        requirePositive("completed-tasks", completedTasks);
        requirePositive("discarded-tasks", discardedTasks);
        requirePositive("events", events);
        if (batchSize < 1 || batchSize > 100_000) {
            throw new InvalidInputException("retention batch-size must be between 1 and 100000, got " + batchSize);
        }
    }

    /** Whether this policy deletes anything at all. */
    public boolean enabled() {
        return completedTasks != null || discardedTasks != null || events != null;
    }

    /** This policy with Completed/Cancelled tasks kept for {@code age} (null: forever). */
    public RetentionPolicy withCompletedTasks(Duration age) {
        return new RetentionPolicy(age, discardedTasks, events, batchSize);
    }

    /** This policy with Discarded tasks kept for {@code age} (null: forever). */
    public RetentionPolicy withDiscardedTasks(Duration age) {
        return new RetentionPolicy(completedTasks, age, events, batchSize);
    }

    /** This policy with events kept for {@code age} (null: forever). */
    public RetentionPolicy withEvents(Duration age) {
        return new RetentionPolicy(completedTasks, discardedTasks, age, batchSize);
    }

    /** This policy deleting {@code rows} per statement. */
    public RetentionPolicy withBatchSize(int rows) {
        return new RetentionPolicy(completedTasks, discardedTasks, events, rows);
    }

    private static void requirePositive(String what, Duration age) {
        if (age != null && (age.isNegative() || age.isZero())) {
            throw new InvalidInputException("retention " + what + " must be a positive duration, got " + age);
        }
    }
}
