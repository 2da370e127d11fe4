package io.kanthorq.core.management;

import java.time.Instant;

/**
 * The task outcomes one consumer's workers wrote in one minute, across every instance.
 *
 * @param minute    the minute's start, by the database clock
 * @param completed tasks Completed
 * @param retried   failed attempts followed by a retry
 * @param discarded tasks Discarded
 */
public record OutcomeMinute(Instant minute, long completed, long retried, long discarded) {}
