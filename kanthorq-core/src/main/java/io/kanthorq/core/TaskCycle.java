package io.kanthorq.core;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One turn of a worker's bookkeeping in a single transaction: write the outcomes of finished
 * handlers and claim the next tasks. One commit instead of three matters: commits (WAL flushes) are
 * what a queue on PostgreSQL spends its time on. If anything fails, nothing is written or claimed.
 */
final class TaskCycle {

    /** What the turn wrote and claimed. */
    record Result(Set<String> written, Set<String> discarded, List<ClaimedTask> claimed) {
    }

    private final Jdbc jdbc;

    TaskCycle(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    Result run(String consumer, String stream, Collection<ClaimedTask> completed,
               Collection<TaskFinisher.Failure> failed, int claimLimit) {
        String operation = "write outcomes and claim tasks of consumer '" + consumer + "'";
        if (completed.isEmpty() && failed.isEmpty()) {
            // a single statement needs no explicit transaction (saves BEGIN/COMMIT round trips)
            return jdbc.detachedStatement(operation, connection -> new Result(Set.of(), Set.of(),
                    TaskClaimer.claim(connection, consumer, stream, claimLimit)));
        }
        return jdbc.detached(operation, connection -> {
            Set<String> written = new HashSet<>(TaskFinisher.complete(connection, consumer, completed));
            Set<String> discarded = new HashSet<>();
            written.addAll(TaskFinisher.fail(connection, consumer, failed, discarded));
            return new Result(written, discarded, TaskClaimer.claim(connection, consumer, stream, claimLimit));
        });
    }
}
