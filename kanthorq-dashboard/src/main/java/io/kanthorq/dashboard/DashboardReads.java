package io.kanthorq.dashboard;

import io.kanthorq.core.Event;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.management.ConsumerInfo;
import io.kanthorq.core.management.EventQuery;
import io.kanthorq.core.management.Management;
import io.kanthorq.core.management.TaskFilter;
import io.kanthorq.core.management.TaskRecord;
import io.kanthorq.spring.runtime.KanthorqWorkers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The read endpoints of the JSON API. Every figure comes from the management API, whose counts are
 * served by partial indexes and bounded estimates (never a count over a whole task table).
 */
final class DashboardReads {

    /**
     * How far the overview counts each consumer's finished tasks (Completed, Discarded, Cancelled) on
     * every refresh: beyond, Completed is an estimate and the others show "at least" (the consumer page
     * counts up to the management API's default of 100,000).
     */
    static final long OVERVIEW_COUNT_LIMIT = 1000;

    /** Most events of one chain shown, with each consumer's task. */
    private static final int CHAIN_LIMIT = 500;

    private final Management management;
    private final KanthorqWorkers workers;
    private final DashboardJson json;
    private final DashboardAccess access;

    DashboardReads(Kanthorq kanthorq, KanthorqWorkers workers, DashboardJson json, DashboardAccess access) {
        this.management = kanthorq.management();
        this.workers = workers;
        this.json = json;
        this.access = access;
    }

    ServerResponse streams(ServerRequest request) {
        access.requireViewer();
        return ServerResponse.ok()
                .body(management.streams().stream().map(json::stream).toList());
    }

    ServerResponse consumers(ServerRequest request) {
        access.requireViewer();
        Map<String, String> states = workers.states();
        return ServerResponse.ok()
                .body(management.consumers(OVERVIEW_COUNT_LIMIT).stream()
                        .map(c -> json.consumer(c, states.getOrDefault(c.name(), "not configured here")))
                        .toList());
    }

    /**
     * {@code GET {path}/api/throughput?minutes=60}: every consumer's outcomes per minute (completed,
     * retried, discarded), from the rollup the workers write: at most one row per consumer and minute.
     */
    ServerResponse throughput(ServerRequest request) {
        access.requireViewer();
        int minutes = RequestParameters.minutes(request);
        Map<String, Object> body = new LinkedHashMap<>();
        management
                .outcomesPerMinute(minutes)
                .forEach((consumer, series) -> body.put(
                        consumer,
                        series.stream()
                                .map(m -> {
                                    Map<String, Object> point = new LinkedHashMap<>();
                                    point.put("minute", m.minute());
                                    point.put("completed", m.completed());
                                    point.put("retried", m.retried());
                                    point.put("discarded", m.discarded());
                                    return point;
                                })
                                .toList()));
        return ServerResponse.ok().body(body);
    }

    ServerResponse consumer(ServerRequest request) {
        access.requireViewer();
        ConsumerInfo consumer = consumerOf(request);
        return ServerResponse.ok()
                .body(json.consumer(consumer, workers.states().getOrDefault(consumer.name(), "not configured here")));
    }

    ServerResponse tasks(ServerRequest request) {
        access.requireViewer();
        String consumer = consumerOf(request).name();
        TaskFilter filter = filterOf(request, TaskState.DISCARDED);
        int limit = RequestParameters.limit(request, 50);
        List<TaskRecord> page =
                management.tasks(consumer, filter, limit, RequestParameters.taskCursor(request, consumer));
        String next = page.size() < limit ? null : RequestParameters.taskCursorOf(page.get(page.size() - 1));
        return ServerResponse.ok()
                .body(json.page(
                        "tasks", page.stream().map(t -> json.task(t, null)).toList(), next));
    }

    ServerResponse task(ServerRequest request) {
        access.requireViewer();
        String consumer = consumerOf(request).name();
        String eventId = RequestParameters.eventId(request);
        return management
                .task(consumer, eventId)
                .map(detail -> ServerResponse.ok().body(json.task(detail.task(), detail.event())))
                .orElseThrow(() ->
                        DashboardProblem.notFound("consumer '" + consumer + "' has no task for event " + eventId));
    }

    ServerResponse events(ServerRequest request) {
        access.requireViewer();
        String stream = streamOf(request);
        int limit = RequestParameters.limit(request, 50);
        EventQuery query = EventQuery.first(limit)
                .between(RequestParameters.instant(request, "since"), RequestParameters.instant(request, "until"));
        String subject = RequestParameters.subject(request);
        if (subject != null) {
            query = query.withSubject(subject);
        }
        Event after = RequestParameters.eventCursor(request);
        if (after != null) {
            query = query.after(after);
        }
        List<Event> page = management.events(stream, query);
        String next = page.size() < limit ? null : RequestParameters.eventCursorOf(page.get(page.size() - 1));
        return ServerResponse.ok()
                .body(json.page("events", page.stream().map(json::event).toList(), next));
    }

    ServerResponse event(ServerRequest request) {
        access.requireViewer();
        String stream = streamOf(request);
        String eventId = RequestParameters.eventId(request);
        return management
                .event(stream, eventId)
                .map(event -> ServerResponse.ok().body(json.event(event)))
                .orElseThrow(() -> DashboardProblem.notFound("stream '" + stream + "' has no event " + eventId));
    }

    /**
     * The chain of an event: its root and every event published with the same correlation id, each with
     * the state of every consumer's task for it (absent: not moved yet, or not for that consumer).
     */
    ServerResponse chain(ServerRequest request) {
        access.requireViewer();
        String stream = streamOf(request);
        String eventId = RequestParameters.eventId(request);
        Event event = management
                .event(stream, eventId)
                .orElseThrow(() -> DashboardProblem.notFound("stream '" + stream + "' has no event " + eventId));
        List<Event> chain = management.chain(stream, event.correlationId());
        List<String> consumers = management.consumers(1).stream()
                .filter(c -> c.stream().equals(stream))
                .map(ConsumerInfo::name)
                .toList();
        List<Map<String, Object>> events = new ArrayList<>();
        for (Event member : chain.subList(0, Math.min(chain.size(), CHAIN_LIMIT))) {
            Map<String, Object> out = json.event(member);
            List<Map<String, Object>> tasks = new ArrayList<>();
            for (String consumer : consumers) {
                management.task(consumer, member.id()).ifPresent(detail -> {
                    Map<String, Object> task = new LinkedHashMap<>();
                    task.put("consumer", consumer);
                    task.put("state", DashboardJson.state(detail.task().state()));
                    task.put("attempt", detail.task().attemptCount());
                    tasks.add(task);
                });
            }
            out.put("tasks", tasks);
            events.add(out);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("correlationId", event.correlationId());
        body.put("event", event.id());
        body.put("events", events);
        body.put("truncated", chain.size() > CHAIN_LIMIT);
        return ServerResponse.ok().body(body);
    }

    ConsumerInfo consumerOf(ServerRequest request) {
        String name = RequestParameters.name(request, "consumer");
        return management.consumer(name).orElseThrow(() -> DashboardProblem.notFound("no consumer '" + name + "'"));
    }

    String streamOf(ServerRequest request) {
        String name = RequestParameters.name(request, "stream");
        return management.stream(name)
                .orElseThrow(() -> DashboardProblem.notFound("no stream '" + name + "'"))
                .name();
    }

    static TaskFilter filterOf(ServerRequest request, TaskState fallback) {
        TaskFilter filter = TaskFilter.of(RequestParameters.state(request, fallback))
                .withUpdated(RequestParameters.instant(request, "since"), RequestParameters.instant(request, "until"));
        String subject = RequestParameters.subject(request);
        return subject == null ? filter : filter.withSubject(subject);
    }
}
