package io.kanthorq.core.management;

import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.SubjectPatterns;
import io.kanthorq.core.internal.TableNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists tasks of a consumer by state, newest change first, in pages served (for finished states) by
 * the partial {@code (state, updated_at)} index of finished tasks; and redrives the Discarded or
 * Cancelled tasks a filter selects.
 */
final class TaskInspector {

    /** Most tasks one page holds. */
    static final int MAX_PAGE = 1000;

    /** Highest cap of a task count. */
    static final int MAX_COUNT = 1_000_000;

    // A page of tasks and their errors in one statement (see TasksWithErrors); conditions follow.
    private static final String LIST = """
            WITH t AS (
                SELECT event_id, subject, state, schedule_at, attempt_count, attempted_at, finalized_at, created_at,
                       updated_at, errors
                FROM %1$s WHERE state = ?""";

    private static final String LIST_END = "\n    ORDER BY updated_at DESC, event_id DESC LIMIT ?\n)\nSELECT "
            + TasksWithErrors.COLUMNS + "\nFROM t " + TasksWithErrors.JOIN
            + "\nORDER BY t.updated_at DESC, t.event_id DESC, x.n";

    private final Jdbc jdbc;
    private final TaskOperations tasks;

    TaskInspector(Jdbc jdbc, TaskOperations tasks) {
        this.jdbc = jdbc;
        this.tasks = tasks;
    }

    List<TaskRecord> list(String consumer, TaskFilter filter, int limit, TaskRecord after) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidInputException("a page of tasks holds 1 to " + MAX_PAGE + " tasks, got " + limit);
        }
        String table = TableNames.consumerTable(consumer);
        List<Object> params = new ArrayList<>();
        params.add(filter.state().code());
        StringBuilder sql = new StringBuilder(LIST.formatted(table)).append(conditions(filter, params));
        if (after != null) {
            sql.append(" AND (updated_at, event_id) < (?, ?)");
            params.add(after.updatedAt().toEpochMilli());
            params.add(after.eventId());
        }
        sql.append(LIST_END);
        params.add(limit);
        return jdbc.detachedStatement(
                "list " + filter.state() + " tasks of consumer '" + consumer + "'", connection -> {
                    TasksWithErrors page = new TasksWithErrors(consumer);
                    Jdbc.query(connection, sql.toString(), page::add, params.toArray());
                    return page.records();
                });
    }

    /** How many tasks {@code filter} selects, counted up to {@code cap} (a bounded scan of the filter's range). */
    long count(String consumer, TaskFilter filter, int cap) {
        if (cap < 1 || cap > MAX_COUNT) {
            throw new InvalidInputException("a task count stops at 1 to " + MAX_COUNT + " tasks, got " + cap);
        }
        List<Object> params = new ArrayList<>();
        params.add(filter.state().code());
        String condition = conditions(filter, params);
        params.add(cap);
        String sql = "SELECT count(*) FROM (SELECT 1 FROM " + TableNames.consumerTable(consumer) + " WHERE state = ?"
                + condition + " LIMIT ?) capped";
        return jdbc.detachedStatement(
                "count " + filter.state() + " tasks of consumer '" + consumer + "'",
                connection -> Jdbc.queryOne(connection, sql, rs -> rs.getLong(1), params.toArray()));
    }

    int redrive(String consumer, TaskFilter filter) {
        if (filter.state() != TaskState.DISCARDED && filter.state() != TaskState.CANCELLED) {
            throw new InvalidInputException("only Discarded or Cancelled tasks can be redriven, not " + filter.state());
        }
        List<Object> params = new ArrayList<>();
        params.add(filter.state().code());
        String condition = "state = ?" + conditions(filter, params);
        return tasks.redriveWhere(
                "redrive " + filter.state() + " tasks of consumer '" + consumer + "'", consumer, condition, params);
    }

    /** The filter's optional conditions (fixed text, every value a parameter added to {@code params}). */
    private static String conditions(TaskFilter filter, List<Object> params) {
        StringBuilder sql = new StringBuilder();
        if (filter.updatedFrom() != null) {
            sql.append(" AND updated_at >= ?");
            params.add(filter.updatedFrom().toEpochMilli());
        }
        if (filter.updatedBefore() != null) {
            sql.append(" AND updated_at < ?");
            params.add(filter.updatedBefore().toEpochMilli());
        }
        if (filter.subject() != null) {
            sql.append(" AND subject ~ ?");
            params.add(SubjectPatterns.toRegex(filter.subject()));
        }
        return sql.toString();
    }
}
