package io.kanthorq.dashboard;

import io.kanthorq.core.Event;
import io.kanthorq.core.Names;
import io.kanthorq.core.Subjects;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.management.TaskRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * Reads and validates the path variables and query parameters of API requests: a bad value fails with
 * 400 naming the parameter, before anything reaches the database.
 */
final class RequestParameters {

    private static final int MAX_LIMIT = 1000;
    private static final Pattern EVENT_ID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");

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
        if (!isEventId(value)) {
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
        return number(request, "limit", fallback, MAX_LIMIT);
    }

    static int minutes(ServerRequest request) {
        return number(request, "minutes", 60, 1440);
    }

    /** Query parameter {@code name} as a number from 1 to {@code max}, {@code fallback} when absent. */
    private static int number(ServerRequest request, String name, int fallback, int max) {
        Optional<String> value = request.param(name).filter(s -> !s.isBlank());
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.get());
            if (number >= 1 && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw DashboardProblem.badRequest(
                name, name + " must be a number from 1 to " + max + ", got '" + value.get() + "'");
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
        return cursor(
                request,
                (at, eventId) ->
                        new TaskRecord(consumer, eventId, null, null, null, 0, null, null, null, at, List.of()));
    }

    /** A page cursor of events: {@code <createdAt millis>.<event id>} of the last event of the previous page. */
    static Event eventCursor(ServerRequest request) {
        return cursor(request, (at, eventId) -> new Event(eventId, "cursor", new byte[0], Map.of(), at));
    }

    static String eventCursorOf(Event event) {
        return event.createdAt().toEpochMilli() + "." + event.id();
    }

    /** Query parameter {@code after}, a time in epoch millis and an event id, made into {@code T}; null when absent. */
    private static <T> T cursor(ServerRequest request, BiFunction<Instant, String, T> position) {
        Optional<String> value = request.param("after").filter(s -> !s.isBlank());
        if (value.isEmpty()) {
            return null;
        }
        String[] parts = value.get().split("\\.", 2);
        try {
            Instant at = Instant.ofEpochMilli(Long.parseLong(parts[0]));
            if (!isEventId(parts[1])) {
                throw new IllegalArgumentException(parts[1]);
            }
            return position.apply(at, parts[1]);
        } catch (RuntimeException e) {
            throw DashboardProblem.badRequest(
                    "after", "after must be the 'next' cursor of a previous page, got '" + value.get() + "'");
        }
    }

    /** Whether {@code value} is an event id: a ULID's 26 characters of Crockford base 32. */
    static boolean isEventId(String value) {
        return EVENT_ID.matcher(value).matches();
    }

    static String taskCursorOf(TaskRecord task) {
        return task.updatedAt().toEpochMilli() + "." + task.eventId();
    }
}
