package io.kanthorq.core;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Runs one consumer's due work on the calling thread, one task at a time, for tests and one-off tools
 * (obtained from {@link Kanthorq#inlineWorker}). It goes through the same statements as a worker: the
 * loss-free move, the fenced claim and the outcome write, with retries, discards and ordering keys
 * exactly as configured; it only runs nothing on a thread of its own. It may run beside workers of the
 * same consumer (each task still goes to one of them), but it does not extend leases: a handler that
 * runs longer than the consumer's visibility timeout may see its task rescued.
 *
 * <p>All times are the database's: {@link #advance} moves a consumer's schedule forward, it never
 * touches a clock of the JVM.
 */
public interface InlineWorker {

    /** Most attempts one {@link #runDue()} runs before it fails (a handler that keeps republishing). */
    int MAX_RUNS = 10_000;

    /** The consumer this runs. */
    String consumer();

    /**
     * Moves the consumer's new stream events into tasks and runs every task that is due now, one at a time
     * in order of due time and then of publishing, until none is due: including what becomes due meanwhile
     * (events the handlers publish to the stream, the next task of an ordering key, a retry whose delay is
     * zero), but not a retry scheduled later. Runs nothing while the consumer is paused.
     *
     * @return every attempt run, in order
     * @throws KanthorqException when more than {@link #MAX_RUNS} attempts came due
     */
    List<TaskRun> runDue();

    /**
     * Moves the consumer's schedule forward by {@code by}: every task waiting for a time (a retry, a
     * delayed event's task) becomes due {@code by} earlier, and at once when that time is within
     * {@code by} from now. New stream events are moved into tasks first, so a delayed event published a
     * moment ago counts. Running tasks keep their leases.
     *
     * @return how many tasks were moved forward
     */
    int advance(Duration by);

    /**
     * Makes the Retryable tasks of {@code eventIds} due now, whatever their backoff said: the next
     * {@link #runDue()} runs their next attempt. Tasks in any other state are left alone.
     *
     * @return how many tasks were made due
     */
    int retryNow(Collection<String> eventIds);
}
