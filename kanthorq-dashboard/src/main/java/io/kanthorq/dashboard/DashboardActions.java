package io.kanthorq.dashboard;

import io.kanthorq.core.Event;
import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.PublishOptions;
import io.kanthorq.core.Subjects;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.management.Management;
import io.kanthorq.core.management.TaskFilter;
import io.kanthorq.spring.KanthorqPublisher;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mutating endpoints: redrive, cancel, pause, resume and publish. Each needs the admin authority,
 * is logged with its user and counted; none exists in read-only mode (the routes are not registered).
 */
final class DashboardActions {

    /** Most event ids of one bulk request. */
    static final int MAX_IDS = 1000;

    /** Room for the envelope of a publish request (subject, metadata, keys) beyond the body's limit. */
    private static final int ENVELOPE_BYTES = 64 * 1024;

    private final Management management;
    private final KanthorqPublisher publisher;
    private final DashboardReads reads;
    private final DashboardJson json;
    private final JsonMapper mapper;
    private final DashboardAccess access;
    private final DashboardActionLog actions;
    private final int maxBodySize;

    DashboardActions(
            Kanthorq kanthorq,
            KanthorqPublisher publisher,
            DashboardReads reads,
            DashboardJson json,
            JsonMapper mapper,
            DashboardAccess access,
            DashboardActionLog actions,
            int maxBodySize) {
        this.management = kanthorq.management();
        this.publisher = publisher;
        this.reads = reads;
        this.json = json;
        this.mapper = mapper;
        this.access = access;
        this.actions = actions;
        this.maxBodySize = maxBodySize;
    }

    ServerResponse redriveTask(ServerRequest request) {
        return oneTask(request, "redrive", management::redrive, "is not Discarded or Cancelled: nothing to redrive");
    }

    ServerResponse cancelTask(ServerRequest request) {
        return oneTask(
                request,
                "cancel",
                management::cancel,
                "is not waiting to run (Pending, Available or Retryable): nothing to cancel");
    }

    /** Redrives or cancels the task of the path: 404 when there is none, 409 when its state does not allow it. */
    private ServerResponse oneTask(
            ServerRequest request, String action, BiFunction<String, List<String>, Integer> change, String conflict) {
        access.requireAdmin();
        String consumer = reads.consumerOf(request).name();
        String eventId = requireTask(consumer, RequestParameters.eventId(request));
        int changed = change.apply(consumer, List.of(eventId));
        if (changed == 0) {
            throw new DashboardProblem(HttpStatus.CONFLICT, "task " + eventId + " " + conflict, null);
        }
        actions.record(action, "consumer", consumer, access.user(), "task " + eventId);
        return changed(changed);
    }

    /** Redrives the tasks a JSON body names ({@code eventIds}) or every task a filter selects ({@code filter}). */
    ServerResponse redriveMany(ServerRequest request) {
        access.requireAdmin();
        String consumer = reads.consumerOf(request).name();
        JsonNode body = jsonBody(request, ENVELOPE_BYTES);
        int changed;
        String what;
        if (body.has("filter")) {
            TaskFilter filter = filterOf(body.get("filter"));
            try {
                changed = management.redrive(consumer, filter);
            } catch (InvalidInputException e) {
                throw DashboardProblem.badRequest("filter.state", e.getMessage());
            }
            what = changed + " task(s) matching " + describe(filter);
        } else {
            List<String> ids = eventIds(body);
            changed = management.redrive(consumer, ids);
            what = changed + " of " + ids.size() + " selected task(s)";
        }
        actions.record("redrive", "consumer", consumer, access.user(), what);
        return changed(changed);
    }

    /** Cancels the tasks a JSON body names ({@code eventIds}). */
    ServerResponse cancelMany(ServerRequest request) {
        access.requireAdmin();
        String consumer = reads.consumerOf(request).name();
        List<String> ids = eventIds(jsonBody(request, ENVELOPE_BYTES));
        int changed = management.cancel(consumer, ids);
        actions.record(
                "cancel", "consumer", consumer, access.user(), changed + " of " + ids.size() + " selected task(s)");
        return changed(changed);
    }

    ServerResponse pause(ServerRequest request) {
        return pauseOrResume(request, true);
    }

    ServerResponse resume(ServerRequest request) {
        return pauseOrResume(request, false);
    }

    private ServerResponse pauseOrResume(ServerRequest request, boolean pause) {
        access.requireAdmin();
        String consumer = reads.consumerOf(request).name();
        if (pause) {
            management.pause(consumer);
        } else {
            management.resume(consumer);
        }
        actions.record(pause ? "pause" : "resume", "consumer", consumer, access.user(), pause ? "paused" : "resumed");
        return reads.consumer(request);
    }

    /**
     * {@code POST {path}/api/streams/{stream}/events}: {@code subject} and {@code body} required; a JSON
     * string body is stored as its text, any other JSON value as its JSON text; optional {@code metadata},
     * {@code key}, {@code idempotencyKey}, {@code deliverAt}. Answers 201 with the stored event.
     */
    ServerResponse publish(ServerRequest request) {
        access.requireAdmin();
        String stream = reads.streamOf(request);
        JsonNode body = jsonBody(request, maxBodySize + ENVELOPE_BYTES);
        String subject = text(body, "subject", true);
        try {
            Subjects.requireValid(subject);
        } catch (RuntimeException e) {
            throw DashboardProblem.badRequest("subject", e.getMessage());
        }
        JsonNode value = body.get("body");
        if (value == null || value.isMissingNode()) {
            throw DashboardProblem.badRequest(
                    "body", "body is required: any JSON value (a string is stored as its text)");
        }
        String payload = value.isString() ? value.asString() : mapper.writeValueAsString(value);
        if (payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > maxBodySize) {
            throw new DashboardProblem(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "body is larger than kanthorq.max-body-size (" + maxBodySize + " bytes)",
                    "body");
        }
        PublishOptions options = PublishOptions.DEFAULT.withMetadata(metadata(body));
        String key = text(body, "key", false);
        if (key != null) {
            options = options.withKey(key);
        }
        String idempotencyKey = text(body, "idempotencyKey", false);
        if (idempotencyKey != null) {
            options = options.withIdempotencyKey(idempotencyKey);
        }
        String deliverAt = text(body, "deliverAt", false);
        if (deliverAt != null) {
            try {
                options = options.withDeliverAt(Instant.parse(deliverAt));
            } catch (DateTimeParseException e) {
                throw DashboardProblem.badRequest(
                        "deliverAt", "deliverAt must be an ISO-8601 instant such as 2026-12-03T10:15:30Z");
            }
        }
        Event event;
        try {
            event = publisher.publish(stream, subject, payload, options);
        } catch (InvalidInputException e) {
            throw DashboardProblem.badRequest("body", e.getMessage());
        }
        actions.record("publish", "stream", stream, access.user(), "event " + event.id() + " " + subject);
        return ServerResponse.created(URI.create(request.path() + "/" + event.id()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(json.event(event));
    }

    /** {@code GET …/tasks/count}: how many tasks a filter selects, up to 100,000, for a confirmation. */
    ServerResponse count(ServerRequest request) {
        access.requireViewer();
        String consumer = reads.consumerOf(request).name();
        TaskFilter filter = DashboardReads.filterOf(request, TaskState.DISCARDED);
        int cap = 100_000;
        long count = management.countTasks(consumer, filter, cap);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", count);
        out.put("atLeast", count >= cap);
        return ServerResponse.ok().body(out);
    }

    private String requireTask(String consumer, String eventId) {
        if (management.task(consumer, eventId).isEmpty()) {
            throw DashboardProblem.notFound("consumer '" + consumer + "' has no task for event " + eventId);
        }
        return eventId;
    }

    private static ServerResponse changed(int changed) {
        return ServerResponse.ok().body(Map.of("changed", changed));
    }

    /** The request's JSON object; 415 for another content type, 413 beyond {@code limit} bytes, 400 when not JSON. */
    private JsonNode jsonBody(ServerRequest request, int limit) {
        MediaType type = request.headers().contentType().orElse(null);
        if (type == null || !MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
            throw new DashboardProblem(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "send the request as application/json, not " + (type == null ? "no content type" : type),
                    null);
        }
        HttpServletRequest servlet = request.servletRequest();
        if (servlet.getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        byte[] bytes;
        try (InputStream in = servlet.getInputStream()) {
            bytes = in.readNBytes(limit + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > limit) {
            throw tooLarge(limit);
        }
        JsonNode node;
        try {
            node = mapper.readTree(bytes);
        } catch (RuntimeException e) {
            throw DashboardProblem.badRequest(null, "the request body is not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw DashboardProblem.badRequest(null, "the request body must be a JSON object");
        }
        return node;
    }

    private static DashboardProblem tooLarge(int limit) {
        return new DashboardProblem(
                HttpStatus.CONTENT_TOO_LARGE, "the request is larger than " + limit + " bytes", null);
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw DashboardProblem.badRequest(field, field + " is required");
            }
            return null;
        }
        if (!value.isString()) {
            throw DashboardProblem.badRequest(field, field + " must be a string");
        }
        return value.asString();
    }

    private static Map<String, String> metadata(JsonNode body) {
        JsonNode value = body.get("metadata");
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw DashboardProblem.badRequest("metadata", "metadata must be an object of strings");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isString()) {
                throw DashboardProblem.badRequest("metadata." + entry.getKey(), "metadata values must be strings");
            }
            metadata.put(entry.getKey(), entry.getValue().asString());
        }
        return metadata;
    }

    private static List<String> eventIds(JsonNode body) {
        JsonNode value = body.get("eventIds");
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw DashboardProblem.badRequest("eventIds", "eventIds must be a non-empty array of event ids");
        }
        if (value.size() > MAX_IDS) {
            throw DashboardProblem.badRequest("eventIds", "at most " + MAX_IDS + " event ids per request");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode id : value) {
            if (!id.isString() || !RequestParameters.isEventId(id.asString())) {
                throw DashboardProblem.badRequest("eventIds", "every event id must be a ULID, got " + id);
            }
            ids.add(id.asString());
        }
        return ids;
    }

    private static TaskFilter filterOf(JsonNode filter) {
        if (!filter.isObject()) {
            throw DashboardProblem.badRequest("filter", "filter must be an object: state, subject, since, until");
        }
        String state = text(filter, "state", true);
        TaskState taskState;
        try {
            taskState = TaskState.valueOf(state.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DashboardProblem.badRequest("filter.state", "unknown state '" + state + "'");
        }
        TaskFilter result = TaskFilter.of(taskState).withUpdated(instant(filter, "since"), instant(filter, "until"));
        String subject = text(filter, "subject", false);
        if (subject != null) {
            try {
                result = result.withSubject(subject);
            } catch (RuntimeException e) {
                throw DashboardProblem.badRequest("filter.subject", e.getMessage());
            }
        }
        return result;
    }

    private static Instant instant(JsonNode filter, String field) {
        String value = text(filter, field, false);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw DashboardProblem.badRequest("filter." + field, field + " must be an ISO-8601 instant");
        }
    }

    private static String describe(TaskFilter filter) {
        return DashboardJson.state(filter.state())
                + (filter.subject() == null ? "" : " subject " + filter.subject())
                + (filter.updatedFrom() == null ? "" : " since " + filter.updatedFrom())
                + (filter.updatedBefore() == null ? "" : " until " + filter.updatedBefore());
    }
}
