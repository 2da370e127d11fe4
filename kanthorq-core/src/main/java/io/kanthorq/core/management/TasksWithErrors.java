package io.kanthorq.core.management;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tasks read together with their error history by one statement, so that a failure written meanwhile
 * cannot pair a task's new state with its old history (two statements would see two snapshots). The
 * statement selects {@link #COLUMNS} from the tasks as {@code t} joined {@link #JOIN}, ordered by its
 * own key and then {@code x.n}: one row per error in attempt order, and one row with null error
 * columns for a task without errors.
 */
final class TasksWithErrors {

    /** The task's columns and one error's, for a table aliased {@code t}. */
    static final String COLUMNS = """
            t.event_id, t.subject, t.state, t.schedule_at, t.attempt_count, t.attempted_at, t.finalized_at,
            t.created_at, t.updated_at, (x.e->>'attempt')::int AS error_attempt, (x.e->>'at')::bigint AS error_at,
            x.e->>'error' AS error_message, x.e->>'exception' AS error_exception, x.e->>'stack' AS error_stack""";

    /** Each error of task {@code t} as {@code x.e}, numbered {@code x.n}. */
    static final String JOIN = "LEFT JOIN LATERAL jsonb_array_elements(t.errors) WITH ORDINALITY AS x(e, n) ON true";

    private final String consumer;
    private final Map<String, TaskRecord> tasks = new LinkedHashMap<>();
    private final Map<String, List<TaskRecord.AttemptError>> errors = new LinkedHashMap<>();

    TasksWithErrors(String consumer) {
        this.consumer = consumer;
    }

    /** One row of the statement. */
    Void add(ResultSet rs) throws SQLException {
        String eventId = rs.getString("event_id");
        if (!tasks.containsKey(eventId)) {
            tasks.put(eventId, TaskOperations.map(consumer, rs, List.of()));
            errors.put(eventId, new ArrayList<>());
        }
        if (rs.getObject("error_attempt") != null) {
            errors.get(eventId)
                    .add(new TaskRecord.AttemptError(
                            rs.getInt("error_attempt"),
                            Instant.ofEpochMilli(rs.getLong("error_at")),
                            rs.getString("error_message"),
                            rs.getString("error_exception"),
                            rs.getString("error_stack")));
        }
        return null;
    }

    /** The tasks in the order the statement returned them, each with its errors. */
    List<TaskRecord> records() {
        List<TaskRecord> records = new ArrayList<>(tasks.size());
        for (TaskRecord task : tasks.values()) {
            records.add(withErrors(task, errors.get(task.eventId())));
        }
        return records;
    }

    private static TaskRecord withErrors(TaskRecord t, List<TaskRecord.AttemptError> errors) {
        return new TaskRecord(
                t.consumer(),
                t.eventId(),
                t.subject(),
                t.state(),
                t.scheduleAt(),
                t.attemptCount(),
                t.attemptedAt(),
                t.finalizedAt(),
                t.createdAt(),
                t.updatedAt(),
                errors);
    }
}
