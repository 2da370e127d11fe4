package io.kanthorq.core.worker;

import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.core.internal.Jdbc;
import javax.sql.DataSource;

/**
 * The mover, for tests that need a consumer's tasks without running a worker: moves one batch of new
 * events into Available tasks, as an idle worker's move would.
 */
public final class Moves {

    /** What one move did. */
    public record Moved(int scanned, int inserted, boolean more, boolean busy) {}

    private final Jdbc jdbc;
    private final StreamMover mover;

    private Moves(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.mover = new StreamMover(jdbc, new OrderedConsumers(jdbc));
    }

    /** A mover over {@code dataSource}. */
    public static Moves over(DataSource dataSource) {
        return new Moves(new Jdbc(ConnectionProvider.of(dataSource)));
    }

    /** Moves up to {@code batchSize} stream rows of {@code consumer} into tasks. */
    public Moved move(String consumer, int batchSize) {
        StreamMover.Result result = moveBatch(consumer, batchSize);
        return new Moved(result.scanned(), result.inserted(), result.more(), result.busy());
    }

    /** Probes, then moves one batch in a transaction of its own (no task claimed). */
    StreamMover.Result moveBatch(String consumer, int batchSize) {
        if (!mover.pending(consumer)) {
            return StreamMover.Result.IDLE;
        }
        return jdbc.detached(
                "move consumer '" + consumer + "'",
                connection -> mover.move(connection, consumer, batchSize, batchSize, 0, KeyLanes.Tails.NONE));
    }
}
