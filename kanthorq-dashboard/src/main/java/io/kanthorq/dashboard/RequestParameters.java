package io.kanthorq.dashboard;

import io.kanthorq.core.Names;
import io.kanthorq.core.Subjects;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.management.TaskRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * Reads and validates the path variables and query parameters of API requests: a bad value fails with
 * 400 naming the parameter, before anything reaches the database.
 */
final class RequestParameters {

    private static final int MAX_LIMIT = 1000;

    private RequestParameters() {}

    static String name(ServerRequest request, String variable) {
        String value = request.pathVariable(variable);
        try {
            return Names.requireValid(variable, value);
        } catch (RuntimeException e) {
            throw DashboardProblem.badRequest(variable, e.getMessage());
        }
    }

    static String eventId(ServerRequest request) {
        String value = request.pathVariable("eventId");
        if (!value.matches("[0-9A-HJKMNP-TV-Z]{26}")) {
            throw DashboardProblem.badRequest("eventId", "eventId must be a ULID (26 characters), got '" + value + "'");
        }
        return value;
    }

    static TaskState state(ServerRequest request, TaskState fallback) {
        Optional<String> value = request.param("state").filter(s -> !s.isBlank());
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return TaskState.valueOf(value.get().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DashboardProblem.badRequest(
                    "state",
                    "state must be one of "
                            + List.of(TaskState.values()).stream()
                                    .map(DashboardJson::state)
                                    .toList() + ", got '" + value.get() + "'");
        }
    }

    static String subject(ServerRequest request) {
        Optional<String> value = request.param("subject").filter(s -> !s.isBlank());
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Subjects.requireValidFilter(value.get());
        } catch (RuntimeException e) {
            throw DashboardProblem.badRequest("subject", e.getMessage());
        }
    }

    static int limit(ServerRequest request, int fallback) {
        Optional<String> value = request.param("limit").filter(s -> !s.isBlank());
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value.get());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw DashboardProblem.badRequest(
                "limit", "limit must be a number from 1 to " + MAX_LIMIT + ", got '" + value.get() + "'");
    }

    static int minutes(ServerRequest request) {
        Optional<String> value = request.param("minutes").filter(s -> !s.isBlank());
        if (value.isEmpty()) {
            return 60;
        }
        try {
            int minutes = Integer.parseInt(value.get());
            if (minutes >= 1 && minutes <= 1440) {
                return minutes;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw DashboardProblem.badRequest(
                "minutes", "minutes must be a number from 1 to 1440, got '" + value.get() + "'");
    }

    static Instant instant(ServerRequest request, String parameter) {
        Optional<String> value = request.param(parameter).filter(s -> !s.isBlank());
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value.get());
        } catch (DateTimeParseException e) {
            throw DashboardProblem.badRequest(
                    parameter,
                    parameter + " must be an ISO-8601 instant such as 2026-12-03T10:15:30Z, got '" + value.get() + "'");
        }
    }

    /** A page cursor of tasks: {@code <updatedAt millis>.<event id>} of the last task of the previous page. */
    static TaskRecord taskCursor(ServerRequest request, String consumer) {
        Optional<String> value = request.param("after").filter(s -> !s.isBlank());
        if (value.isEmpty()) {
            return null;
        }
        String[] parts = value.get().split("\\.", 2);
        try {
            Instant updatedAt = Instant.ofEpochMilli(Long.parseLong(parts[0]));
            String eventId = parts[1];
            if (!eventId.matches("[0-9A-HJKMNP-TV-Z]{26}")) {
                throw new IllegalArgumentException(eventId);
            }
            return new TaskRecord(consumer, eventId, null, null, null, 0, null, null, null, updatedAt, List.of());
        } catch (RuntimeException e) {
            throw DashboardProblem.badRequest(
                    "after", "after must be the 'next' cursor of a previous page, got '" + value.get() + "'");
        }
    }

    static String taskCursorOf(TaskRecord task) {
        return task.updatedAt().toEpochMilli() + "." + task.eventId();
    }
}
