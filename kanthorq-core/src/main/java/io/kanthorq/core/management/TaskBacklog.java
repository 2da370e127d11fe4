package io.kanthorq.core.management;

/**
 * A consumer's backlog for gauges and health checks, read through the partial indexes of the task
 * table, so that its cost follows the size of these sets and not the number of finished tasks.
 *
 * @param ready          tasks waiting to run (Available and Retryable, due or not)
 * @param running        tasks claimed by a worker
 * @param discarded      dead-lettered tasks
 * @param eventsNotMoved events of the stream not yet turned into tasks (whatever their subject)
 * @param pending        tasks waiting behind their ordering key's head (consumers ordered by key)
 * @param scheduled      of the ready tasks, those not due yet (delayed deliveries, retries in backoff)
 */
public record TaskBacklog(
        long ready, long running, long discarded, long eventsNotMoved, long pending, long scheduled) {}
