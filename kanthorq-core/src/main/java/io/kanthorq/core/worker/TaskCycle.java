package io.kanthorq.core.worker;

import io.kanthorq.core.internal.Jdbc;
import java.util.ArrayList;
import java.util.List;

/**
 * One turn of a worker's loop in a single transaction: claim ready tasks (retries come due) up to the
 * free capacity, and fill what capacity is left by moving new stream events straight into Running
 * tasks. One commit instead of two matters: commits (WAL flushes) are what a queue on PostgreSQL
 * spends its time on. If anything fails, nothing is moved or claimed. Outcomes are written apart,
 * by the worker's {@link OutcomeWriter}, so that they do not lengthen the path to the next handler.
 */
final class TaskCycle {

    /** What the turn moved and claimed. */
    record Result(StreamMover.Result moved, List<ClaimedTask> claimed) {}

    private final Jdbc jdbc;
    private final StreamMover mover;

    TaskCycle(Jdbc jdbc, StreamMover mover) {
        this.jdbc = jdbc;
        this.mover = mover;
    }

    /**
     * @param moveBatch  most stream rows to scan when moving, 0 not to move
     * @param claimLimit most tasks to claim (ready ones first, then moved ones)
     * @param claimReady whether to claim ready tasks before moving; without, a move is three round trips
     *                   (lock, move, commit) — the path from a new event to its handler
     * @param tails      the worker's lanes a move may attach tasks to (ordered consumers)
     */
    Result run(
            String consumer, String stream, int moveBatch, int claimLimit, boolean claimReady, KeyLanes.Tails tails) {
        String operation = "move and claim tasks of consumer '" + consumer + "'";
        if (moveBatch == 0) {
            // a single statement needs no explicit transaction (saves BEGIN/COMMIT round trips)
            return jdbc.detachedStatement(
                    operation,
                    connection -> new Result(
                            StreamMover.Result.IDLE, TaskClaimer.claim(connection, consumer, stream, claimLimit)));
        }
        return jdbc.detached(operation, connection -> {
            List<ClaimedTask> claimed = new ArrayList<>(
                    claimReady ? TaskClaimer.claim(connection, consumer, stream, claimLimit) : List.of());
            int room = claimLimit - claimed.size();
            StreamMover.Result moved =
                    room > 0 ? mover.move(connection, consumer, moveBatch, room, room, tails) : StreamMover.Result.IDLE;
            claimed.addAll(moved.claimed());
            return new Result(moved, claimed);
        });
    }
}
