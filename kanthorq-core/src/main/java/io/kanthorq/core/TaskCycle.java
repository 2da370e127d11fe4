package io.kanthorq.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One turn of a worker's bookkeeping in a single transaction: write the outcomes of finished
 * handlers, claim ready tasks (retries first come due) up to the free capacity, and fill what capacity
 * is left by moving new stream events straight into Running tasks. One commit instead of several matters: commits (WAL flushes) are what a queue
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
     * @param moveBatch  most stream rows to scan when moving, 0 not to move
     * @param claimLimit most tasks to claim (ready ones first, then moved ones)
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
            List<ClaimedTask> claimed = new ArrayList<>(TaskClaimer.claim(connection, consumer, stream, claimLimit));
            int room = claimLimit - claimed.size();
            StreamMover.Result moved = moveBatch > 0 && room > 0
                    ? mover.move(connection, consumer, moveBatch, room, room) : StreamMover.Result.IDLE;
            claimed.addAll(moved.claimed());
            return new Result(written, discarded, moved, claimed);
        });
    }
}
