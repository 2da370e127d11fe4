package io.kanthorq.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One turn of a worker's bookkeeping in a single transaction: write the outcomes of finished
 * handlers, move new stream events (claiming the first of them directly) and claim ready tasks up to
 * the free capacity. One commit instead of several matters: commits (WAL flushes) are what a queue
 * on PostgreSQL spends its time on. If anything fails, nothing is written, moved or claimed.
 */
final class TaskCycle {

    /** What the turn wrote, moved and claimed. */
    record Result(Set<String> written, Set<String> discarded, StreamMover.Result moved, List<ClaimedTask> claimed) {
    }

    private final Jdbc jdbc;
    private final StreamMover mover;

    TaskCycle(Jdbc jdbc, StreamMover mover) {
        this.jdbc = jdbc;
        this.mover = mover;
    }

    /**
     * @param moveBatch  stream rows to move in this turn, 0 for none
     * @param claimLimit most tasks to claim (moved ones first)
     */
    Result run(String consumer, String stream, Collection<ClaimedTask> completed,
               Collection<TaskFinisher.Failure> failed, int moveBatch, int claimLimit) {
        String operation = "write outcomes, move and claim tasks of consumer '" + consumer + "'";
        if (completed.isEmpty() && failed.isEmpty() && moveBatch == 0) {
            // a single statement needs no explicit transaction (saves BEGIN/COMMIT round trips)
            return jdbc.detachedStatement(operation, connection -> new Result(Set.of(), Set.of(),
                    StreamMover.Result.IDLE, TaskClaimer.claim(connection, consumer, stream, claimLimit)));
        }
        return jdbc.detached(operation, connection -> {
            Set<String> written = new HashSet<>(TaskFinisher.complete(connection, consumer, completed));
            Set<String> discarded = new HashSet<>();
            written.addAll(TaskFinisher.fail(connection, consumer, failed, discarded));
            StreamMover.Result moved = moveBatch > 0
                    ? mover.move(connection, consumer, moveBatch, claimLimit) : StreamMover.Result.IDLE;
            List<ClaimedTask> claimed = new ArrayList<>(moved.claimed());
            claimed.addAll(TaskClaimer.claim(connection, consumer, stream, claimLimit - claimed.size()));
            return new Result(written, discarded, moved, claimed);
        });
    }
}
