package io.kanthorq.core;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.time.Duration;

/**
 * A worker in a JVM of its own, for crash and competition tests: handles consumer {@code args[3]} and
 * records every invocation in table {@code handled} (event id, attempt, process) before sleeping
 * {@code args[4]} ms (default 20), so a kill lands mid-batch. With {@code args[5] = runs} it records
 * into {@code handler_runs} instead, with the event's body and the run's start and end by the database
 * clock (the end stays null for a run the kill interrupted). With {@code args[5] = schedule} it runs no
 * worker but publishes the recurring events of {@link #HEARTBEAT} (stream {@code args[3]}). Runs until
 * killed.
 */
public final class WorkerProcessMain {

    private static final int CONCURRENCY = 8;

    /** The schedule of {@code schedule} mode: subject {@code clock.tick} every second. */
    static io.kanthorq.core.schedule.ScheduleDefinition heartbeat(String stream) {
        return new io.kanthorq.core.schedule.ScheduleDefinition(
                "heartbeat",
                stream,
                "clock.tick",
                null,
                io.kanthorq.core.schedule.Trigger.every(Duration.ofSeconds(1)));
    }

    private WorkerProcessMain() {}

    public static void main(String[] args) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setUsername(args[1]);
        config.setPassword(args[2]);
        // the engine's worker budget (4) + LISTEN + one per handler thread: handlers never wait for the pool
        config.setMaximumPoolSize(4 + 1 + CONCURRENCY);
        HikariDataSource dataSource = new HikariDataSource(config);
        long pid = ProcessHandle.current().pid();
        long sleepMs = args.length > 4 ? Long.parseLong(args[4]) : 20;
        boolean runs = args.length > 5 && args[5].equals("runs");
        Kanthorq kanthorq = Kanthorq.builder(ConnectionProvider.of(dataSource)).build();
        if (args.length > 5 && args[5].equals("schedule")) {
            kanthorq.startSchedules(java.util.List.of(heartbeat(args[3])));
            System.out.println("schedules ready");
            Thread.sleep(Long.MAX_VALUE);
        }
        kanthorq.startWorker(
                args[3],
                runs
                        ? HandlerRuns.recording(dataSource, pid, sleepMs)
                        : task -> {
                            try (Connection connection = dataSource.getConnection();
                                    var insert = connection.prepareStatement("INSERT INTO handled VALUES (?, ?, ?)")) {
                                insert.setString(1, task.event().id());
                                insert.setInt(2, task.attempt());
                                insert.setLong(3, pid);
                                insert.executeUpdate();
                            }
                            Thread.sleep(sleepMs);
                        },
                WorkerOptions.DEFAULT.withConcurrency(CONCURRENCY).withPollInterval(Duration.ofMillis(200)));
        System.out.println("worker ready");
        Thread.sleep(Long.MAX_VALUE);
    }
}
