package io.kanthorq.core.management;

import io.kanthorq.core.Backoff;
import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.OnDiscard;
import io.kanthorq.core.Ordering;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.Sql;
import io.kanthorq.core.internal.TableNames;
import io.kanthorq.core.internal.TableStatistics;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads consumers for the management API: settings, cursor, lag and task numbers. */
final class ConsumerInspector {

    private static final String CONSUMERS = """
            SELECT name, stream_name, subject_includes, subject_excludes, paused, cursor_snapshot::text,
                   window_snapshot::text, attempt_max, visibility_timeout_ms, backoff_initial_ms, backoff_multiplier,
                   backoff_max_ms, created_at, updated_at, ordering, on_discard
            FROM kanthorq_consumer_registry
            WHERE ?::text IS NULL OR name = ?
            ORDER BY name
            """;

    // Each state is counted through a partial index (finished, ready or lease), so the cost follows the
    // size of those states, not the table; the finished ones (which only grow) are counted up to a limit.
    // The oldest due ready task is the first entry of the partial ready index.
    private static final String TASK_FIGURES = Sql.format("""
            SELECT (SELECT count(*) FROM (SELECT 1 FROM %1$s WHERE state = {DISCARDED} LIMIT ?) x),
                   (SELECT count(*) FROM (SELECT 1 FROM %1$s WHERE state = {CANCELLED} LIMIT ?) x),
                   (SELECT count(*) FROM %1$s WHERE state = {PENDING}),
                   (SELECT count(*) FROM %1$s WHERE state = {AVAILABLE}),
                   (SELECT count(*) FROM %1$s WHERE state = {RUNNING}),
                   (SELECT count(*) FROM %1$s WHERE state = {RETRYABLE}),
                   (SELECT count(*) FROM (SELECT 1 FROM %1$s WHERE state = {COMPLETED} LIMIT ?) x),
                   (SELECT {now} - min(schedule_at) FROM %1$s
                    WHERE state IN ({AVAILABLE}, {RETRYABLE}) AND schedule_at <= {now}),
                   (SELECT count(*) FROM %1$s WHERE state IN ({AVAILABLE}, {RETRYABLE}) AND schedule_at > {now})
            """);

    // The gauges' numbers of one consumer, one row: index-only counts over the partial indexes (ready,
    // lease, finished) and the stream's events it has not moved yet (%2$s: EVENTS_NOT_MOVED, which binds
    // the name again). Consumers are read together as a UNION ALL of these.
    private static final String BACKLOG = Sql.format("""
            (SELECT ?::text,
                    (SELECT count(*) FROM %1$s WHERE state IN ({AVAILABLE}, {RETRYABLE})),
                    (SELECT count(*) FROM %1$s WHERE state = {RUNNING}),
                    (SELECT count(*) FROM %1$s WHERE state = {DISCARDED}),
                    (%2$s),
                    (SELECT count(*) FROM %1$s WHERE state = {PENDING}),
                    (SELECT count(*) FROM %1$s WHERE state IN ({AVAILABLE}, {RETRYABLE}) AND schedule_at > {now}))""");

    private static final String NAMES_AND_STREAMS =
            "SELECT name, stream_name FROM kanthorq_consumer_registry ORDER BY name";

    private static final TaskState[] COUNTED = {
        TaskState.DISCARDED,
        TaskState.CANCELLED,
        TaskState.PENDING,
        TaskState.AVAILABLE,
        TaskState.RUNNING,
        TaskState.RETRYABLE
    };

    private final Jdbc jdbc;

    ConsumerInspector(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The consumers ({@code only} one, or all when null), finished states counted up to {@code limit}. */
    List<ConsumerInfo> consumers(String only, long limit) {
        if (limit < 1) {
            throw new InvalidInputException("a count limit must be positive, got " + limit);
        }
        return jdbc.detached("list consumers", connection -> {
            List<ConsumerInfo> consumers = new ArrayList<>();
            for (Registration r : Jdbc.query(connection, CONSUMERS, ConsumerInspector::registration, only, only)) {
                consumers.add(describe(connection, r, limit));
            }
            return consumers;
        });
    }

    TaskBacklog backlog(String consumer, String stream) {
        return jdbc.detached(
                "read the backlog of consumer '" + consumer + "'",
                connection -> backlogs(connection, List.<String[]>of(new String[] {consumer, stream}))
                        .get(consumer));
    }

    /** The backlog of every registered consumer, by name: two statements whatever their number. */
    Map<String, TaskBacklog> backlogs() {
        return jdbc.detached(
                "read the backlog of every consumer",
                connection -> backlogs(connection, Jdbc.query(connection, NAMES_AND_STREAMS, rs ->
                        new String[] {rs.getString(1), rs.getString(2)})));
    }

    /** The backlogs of {@code consumers} (name and stream each) in one statement. */
    private static Map<String, TaskBacklog> backlogs(Connection connection, List<String[]> consumers)
            throws SQLException {
        Map<String, TaskBacklog> backlogs = new LinkedHashMap<>();
        if (consumers.isEmpty()) {
            return backlogs;
        }
        StringBuilder sql = new StringBuilder();
        Object[] names = new Object[consumers.size() * 2];
        for (int i = 0; i < consumers.size(); i++) {
            if (i > 0) {
                sql.append("\nUNION ALL\n");
            }
            String[] consumer = consumers.get(i);
            sql.append(BACKLOG.formatted(
                    TableNames.consumerTable(consumer[0]),
                    TaskOperations.EVENTS_NOT_MOVED.formatted(TableNames.streamTable(consumer[1]))));
            names[2 * i] = consumer[0];
            names[2 * i + 1] = consumer[0];
        }
        for (Object[] row : Jdbc.query(
                connection,
                sql.toString(),
                rs -> new Object[] {
                    rs.getString(1),
                    new TaskBacklog(
                            rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7))
                },
                names)) {
            backlogs.put((String) row[0], (TaskBacklog) row[1]);
        }
        return backlogs;
    }

    /** Task counts but Completed's, Completed counted up to the limit, and the oldest due ready task's age. */
    private record TaskFigures(Map<TaskState, Long> counts, long completed, Duration oldestReady, long scheduled) {}

    /** A registry row. */
    private record Registration(
            String name,
            String stream,
            List<String> subjects,
            List<String> excludes,
            boolean paused,
            String cursor,
            String window,
            int attemptMax,
            long visibilityMs,
            Backoff backoff,
            long createdAt,
            long updatedAt,
            Ordering ordering,
            OnDiscard onDiscard) {}

    private static Registration registration(ResultSet rs) throws SQLException {
        return new Registration(
                rs.getString(1),
                rs.getString(2),
                strings(rs.getArray(3)),
                strings(rs.getArray(4)),
                rs.getBoolean(5),
                rs.getString(6),
                rs.getString(7),
                rs.getInt(8),
                rs.getLong(9),
                new Backoff(Duration.ofMillis(rs.getLong(10)), rs.getDouble(11), Duration.ofMillis(rs.getLong(12))),
                rs.getLong(13),
                rs.getLong(14),
                Ordering.valueOf(rs.getString(15).toUpperCase(Locale.ROOT)),
                OnDiscard.valueOf(rs.getString(16).toUpperCase(Locale.ROOT)));
    }

    private static ConsumerInfo describe(Connection connection, Registration r, long limit) throws SQLException {
        String table = TableNames.consumerTable(r.name());
        long unmoved = Jdbc.queryOne(
                connection,
                TaskOperations.EVENTS_NOT_MOVED.formatted(TableNames.streamTable(r.stream())),
                rs -> rs.getLong(1),
                r.name());
        TaskFigures figures = Jdbc.queryOne(
                connection,
                TASK_FIGURES.formatted(table),
                rs -> {
                    Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
                    for (int i = 0; i < COUNTED.length; i++) {
                        counts.put(COUNTED[i], rs.getLong(i + 1));
                    }
                    Long age = Jdbc.getLong(rs, 8);
                    return new TaskFigures(
                            counts,
                            rs.getLong(7),
                            age == null ? null : Duration.ofMillis(Math.max(0, age)),
                            rs.getLong(9));
                },
                limit + 1,
                limit + 1,
                limit + 1);
        Map<TaskState, Long> tasks = figures.counts();
        Set<TaskState> atLimit = EnumSet.noneOf(TaskState.class);
        for (TaskState state : List.of(TaskState.DISCARDED, TaskState.CANCELLED)) {
            if (tasks.get(state) > limit) {
                tasks.put(state, limit);
                atLimit.add(state);
            }
        }
        boolean exact = figures.completed() <= limit;
        long completedCount = figures.completed();
        if (!exact) {
            atLimit.add(TaskState.COMPLETED);
            Long estimate = TableStatistics.estimatedRows(connection, table);
            long others = tasks.values().stream().mapToLong(Long::longValue).sum();
            completedCount = Math.max(figures.completed(), estimate == null ? 0 : estimate - others);
        }
        tasks.put(TaskState.COMPLETED, completedCount);
        return new ConsumerInfo(
                r.name(),
                r.stream(),
                r.subjects(),
                r.excludes(),
                r.paused(),
                r.cursor(),
                r.window(),
                unmoved,
                tasks,
                atLimit,
                figures.oldestReady(),
                r.attemptMax(),
                Duration.ofMillis(r.visibilityMs()),
                r.backoff(),
                Instant.ofEpochMilli(r.createdAt()),
                Instant.ofEpochMilli(r.updatedAt()),
                r.ordering(),
                r.onDiscard(),
                figures.scheduled());
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
