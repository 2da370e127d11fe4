package io.kanthorq.core;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Records handler runs in table {@code handler_runs} (event id, body, attempt, process, start and end by
 * the database clock), for tests that check which runs of a key overlapped and in what order they
 * started, across JVMs.
 */
final class HandlerRuns {

    static final String CREATE_TABLE = """
            CREATE TABLE handler_runs (
                id         bigserial PRIMARY KEY,
                event_id   text NOT NULL,
                body       text NOT NULL,
                attempt    int NOT NULL,
                pid        bigint NOT NULL,
                started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                ended_at   timestamptz
            )""";

    private HandlerRuns() {}

    /** A handler that records its run, sleeps {@code sleepMs}, then records the run's end. */
    static TaskHandler recording(DataSource dataSource, long pid, long sleepMs) {
        return task -> {
            long run = start(dataSource, task, pid);
            Thread.sleep(sleepMs);
            end(dataSource, run);
        };
    }

    private static long start(DataSource dataSource, TaskContext task, long pid) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                var insert = connection.prepareStatement(
                        "INSERT INTO handler_runs (event_id, body, attempt, pid) VALUES (?, ?, ?, ?) RETURNING id")) {
            insert.setString(1, task.event().id());
            insert.setString(2, task.event().bodyAsString());
            insert.setInt(3, task.attempt());
            insert.setLong(4, pid);
            try (var rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void end(DataSource dataSource, long run) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                var update = connection.prepareStatement(
                        "UPDATE handler_runs SET ended_at = clock_timestamp() WHERE id = ?")) {
            update.setLong(1, run);
            update.executeUpdate();
        }
    }
}
