package io.kanthorq.core.worker;

import io.kanthorq.core.InlineWorker;
import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.KanthorqException;
import io.kanthorq.core.TaskHandler;
import io.kanthorq.core.TaskListener;
import io.kanthorq.core.TaskRun;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.Sql;
import io.kanthorq.core.internal.SqlTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@link InlineWorker}: the worker loop's move, claim and outcome write, run one task at a time on
 * the caller's thread. One task per claim keeps the order of attempts the order of claims, and lets the
 * outcome of each (a promotion, a child event) decide what is due next.
 */
final class InlineRunner implements InlineWorker {

    private static final int MOVE_BATCH = 1000;
    /** Moves that may find the mover lock taken by another instance before this one gives up waiting. */
    private static final int BUSY_RETRIES = 200;

    private static final SqlTemplate STATE = SqlTemplate.of(Sql.format("""
            SELECT state, CASE WHEN state = {RETRYABLE} THEN schedule_at END FROM %1$s WHERE event_id = ?
            """));

    private static final SqlTemplate ADVANCE = SqlTemplate.of(Sql.format("""
            UPDATE %1$s SET schedule_at = greatest({now}, schedule_at - ?), updated_at = {now}
            WHERE state IN ({PENDING}, {AVAILABLE}, {RETRYABLE}) AND schedule_at > {now}
            """));

    private static final SqlTemplate RETRY_NOW = SqlTemplate.of(Sql.format("""
            UPDATE %1$s SET schedule_at = {now}, updated_at = {now}
            WHERE event_id = ANY (?::text[]) AND state = {RETRYABLE}
            """));

    private final String consumer;
    private final String stream;
    private final TaskHandler handler;
    private final TaskListener listener;
    private final WorkerParts parts;
    private final Jdbc jdbc;

    InlineRunner(String consumer, String stream, TaskHandler handler, TaskListener listener, WorkerParts parts) {
        this.consumer = consumer;
        this.stream = stream;
        this.handler = handler;
        this.listener = listener == null ? TaskListener.NONE : listener;
        this.parts = parts;
        this.jdbc = parts.jdbc();
    }

    @Override
    public String consumer() {
        return consumer;
    }

    @Override
    public List<TaskRun> runDue() {
        List<TaskRun> runs = new ArrayList<>();
        while (true) {
            moveAll();
            List<ClaimedTask> claimed = jdbc.detachedStatement(
                    "claim a task of consumer '" + consumer + "'",
                    connection -> TaskClaimer.claimInOrder(connection, consumer, stream, 1));
            if (claimed.isEmpty()) {
                return runs;
            }
            if (runs.size() >= MAX_RUNS) {
                parts.finisher().release(consumer, claimed);
                throw new KanthorqException("kanthorq: consumer '" + consumer + "' still has due tasks after "
                        + MAX_RUNS + " attempts run inline: does a handler publish what it consumes? Last: "
                        + runs.get(runs.size() - 1));
            }
            runs.add(run(claimed.get(0)));
        }
    }

    @Override
    public int advance(Duration by) {
        if (by == null || by.isNegative()) {
            throw new InvalidInputException("kanthorq: advance needs a positive duration, got " + by);
        }
        moveAll();
        return jdbc.detachedStatement(
                "advance the schedule of consumer '" + consumer + "'",
                connection -> Jdbc.update(connection, ADVANCE.forConsumer(consumer), by.toMillis()));
    }

    @Override
    public int retryNow(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return 0;
        }
        return jdbc.detachedStatement(
                "make retries of consumer '" + consumer + "' due",
                connection -> Jdbc.update(
                        connection,
                        RETRY_NOW.forConsumer(consumer),
                        new Jdbc.SqlArray("text", eventIds.toArray(String[]::new))));
    }

    private TaskRun run(ClaimedTask task) {
        HandlerAttempt.Result attempt = task.eventMissing()
                ? HandlerAttempt.eventMissing(task, stream)
                : HandlerAttempt.run(handler, task, stream, parts.observations());
        Set<String> discarded = new HashSet<>();
        List<ClaimedTask> completed = attempt.failure() == null ? List.of(task) : List.of();
        List<TaskFinisher.Failure> failed = attempt.failure() == null ? List.of() : List.of(attempt.failure());
        Set<String> written = parts.finisher().write(consumer, completed, failed, discarded, new ArrayList<>());
        OutcomeWriter.report(
                consumer,
                listener,
                parts.counts(),
                List.of(new OutcomeWriter.Outcome(task, attempt.failure(), attempt.error(), attempt.tookNanos())),
                written,
                discarded);
        Duration took = Duration.ofNanos(attempt.tookNanos());
        TaskRun run = jdbc.detachedStatement(
                "read task " + task.eventId() + " of consumer '" + consumer + "'",
                connection -> Jdbc.queryOne(
                        connection,
                        STATE.forConsumer(consumer),
                        rs -> {
                            Long next = Jdbc.getLong(rs, 2);
                            return new TaskRun(
                                    task.context(),
                                    TaskState.fromCode(rs.getShort(1)),
                                    attempt.error(),
                                    next == null ? null : Instant.ofEpochMilli(next),
                                    took);
                        },
                        task.eventId()));
        if (run != null) {
            return run;
        }
        // the task was deleted meanwhile (the consumer removed): report what was written
        TaskState state = attempt.failure() == null
                ? TaskState.COMPLETED
                : discarded.contains(task.eventId()) ? TaskState.DISCARDED : TaskState.RETRYABLE;
        return new TaskRun(task.context(), state, attempt.error(), null, took);
    }

    /** Moves every new event of the stream into tasks (Available or Pending: none is claimed here). */
    private void moveAll() {
        int busy = 0;
        while (true) {
            StreamMover.Result moved = jdbc.detached(
                    "move events of consumer '" + consumer + "'",
                    connection ->
                            parts.mover().move(connection, consumer, MOVE_BATCH, MOVE_BATCH, 0, KeyLanes.Tails.NONE));
            if (moved.busy() && ++busy <= BUSY_RETRIES) {
                LockSupport.parkNanos(5_000_000); // another instance is moving this consumer
                continue;
            }
            if (!moved.more()) {
                return;
            }
        }
    }
}
