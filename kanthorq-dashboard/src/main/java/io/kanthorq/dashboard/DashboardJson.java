package io.kanthorq.dashboard;

import io.kanthorq.core.Event;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.management.ConsumerInfo;
import io.kanthorq.core.management.StreamInfo;
import io.kanthorq.core.management.TaskRecord;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON shapes of the API, built as ordered maps from the management API's records: field names are
 * the contract of DESIGN §11 ({@code eventId}, {@code state}, {@code attempt}, {@code errors} with
 * {@code message}, {@code exceptionClass}, {@code at}; states in lower case).
 */
final class DashboardJson {

    private final JsonMapper json;

    DashboardJson(JsonMapper json) {
        this.json = json;
    }

    static String state(TaskState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    Map<String, Object> stream(StreamInfo stream) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", stream.name());
        out.put("eventCount", stream.eventCount());
        out.put("eventCountExact", stream.eventCountExact());
        out.put("oldestEventAt", stream.oldestEventAt());
        out.put("newestEventAt", stream.newestEventAt());
        out.put("consumers", stream.consumers());
        out.put("layoutVersion", stream.layoutVersion());
        return out;
    }

    Map<String, Object> consumer(ConsumerInfo consumer, String worker) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", consumer.name());
        out.put("stream", consumer.stream());
        out.put("subjects", consumer.subjects());
        out.put("excludeSubjects", consumer.excludeSubjects());
        out.put("paused", consumer.paused());
        out.put("worker", worker);
        out.put("ordering", consumer.ordering().name().toLowerCase(Locale.ROOT));
        out.put("onDiscard", consumer.onDiscard().name().toLowerCase(Locale.ROOT));
        long ready = consumer.tasks(TaskState.AVAILABLE) + consumer.tasks(TaskState.RETRYABLE) - consumer.scheduled();
        out.put("lag", consumer.eventsNotMoved() + Math.max(0, ready));
        out.put("eventsNotMoved", consumer.eventsNotMoved());
        out.put("ready", Math.max(0, ready));
        out.put("running", consumer.tasks(TaskState.RUNNING));
        out.put("scheduled", consumer.scheduled());
        out.put("pending", consumer.tasks(TaskState.PENDING));
        out.put("retryable", consumer.tasks(TaskState.RETRYABLE));
        out.put("discarded", consumer.tasks(TaskState.DISCARDED));
        out.put("cancelled", consumer.tasks(TaskState.CANCELLED));
        out.put("completed", consumer.tasks(TaskState.COMPLETED));
        out.put("completedCountExact", consumer.completedCountExact());
        out.put(
                "countsAtLimit",
                consumer.countsAtLimit().stream()
                        .map(DashboardJson::state)
                        .sorted()
                        .toList());
        out.put(
                "oldestReadyAgeMs",
                consumer.oldestReadyAge() == null
                        ? null
                        : consumer.oldestReadyAge().toMillis());
        out.put("attemptMax", consumer.attemptMax());
        out.put("visibilityTimeoutMs", consumer.visibilityTimeout().toMillis());
        out.put("createdAt", consumer.createdAt());
        return out;
    }

    Map<String, Object> task(TaskRecord task, Event event) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("eventId", task.eventId());
        out.put("consumer", task.consumer());
        out.put("subject", task.subject());
        out.put("state", state(task.state()));
        out.put("attempt", task.attemptCount());
        out.put("scheduleAt", task.scheduleAt());
        out.put("attemptedAt", task.attemptedAt());
        out.put("finalizedAt", task.finalizedAt());
        out.put("createdAt", task.createdAt());
        out.put("updatedAt", task.updatedAt());
        out.put("errors", task.errors().stream().map(DashboardJson::error).toList());
        if (event != null) {
            out.put("event", event(event));
        }
        return out;
    }

    private static Map<String, Object> error(TaskRecord.AttemptError error) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("attempt", error.attempt());
        out.put("at", error.at());
        out.put("message", error.message());
        out.put("exceptionClass", error.exception());
        out.put("stack", error.stack());
        return out;
    }

    /**
     * An event: {@code body} is its text when the bytes are UTF-8 ({@code bodyJson} says whether that
     * text is JSON, for the UI to pretty-print), else base64 with {@code bodyEncoding: base64}.
     */
    Map<String, Object> event(Event event) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", event.id());
        out.put("subject", event.subject());
        out.put("createdAt", event.createdAt());
        out.put("orderingKey", event.orderingKey());
        out.put("correlationId", event.correlationId());
        out.put("causationId", event.causationId());
        out.put("metadata", event.metadata());
        String text = utf8(event.body());
        if (text == null) {
            out.put("body", Base64.getEncoder().encodeToString(event.body()));
            out.put("bodyEncoding", "base64");
            out.put("bodyJson", false);
        } else {
            out.put("body", text);
            out.put("bodyEncoding", "utf-8");
            out.put("bodyJson", isJson(text));
        }
        return out;
    }

    Map<String, Object> page(String name, List<?> items, String next) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(name, items);
        out.put("next", next);
        return out;
    }

    private boolean isJson(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty() || "{[\"".indexOf(trimmed.charAt(0)) < 0) {
            return false;
        }
        try {
            json.readTree(trimmed);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
