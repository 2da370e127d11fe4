package io.kanthorq.test;

import io.kanthorq.core.Event;
import io.kanthorq.core.InlineWorker;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.KanthorqException;
import io.kanthorq.core.TaskHandler;
import io.kanthorq.core.TaskRun;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.Worker;
import io.kanthorq.core.management.EventQuery;
import io.kanthorq.core.management.Management;
import io.kanthorq.core.management.StreamInfo;
import io.kanthorq.core.management.TaskFilter;
import io.kanthorq.core.management.TaskRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a KanthorQ application from a test: what was published since the test began, and the
 * consumers' due tasks run on the test thread, with every time read from the database.
 *
 * <pre>{@code
 * orders.cancel(7);
 * assertThat(kit.published()).hasEvent("order_update", "order.cancelled", OrderCancelled.class)
 *         .matching(e -> e.orderId() == 7);
 * assertThat(kit.drain("refund_order")).hasOutcomes("refund_order", TaskState.COMPLETED);
 * }</pre>
 *
 * <p>In a Spring test the kit is a bean ({@code @KanthorqTest} also keeps the workers from starting and
 * resets the kit before each test); without Spring, build one with {@link #of}. Drains go through the
 * engine's own statements ({@link InlineWorker}): retries, discards, ordering keys and chains behave as
 * in production. A worker of the same consumer running in this JVM would share the tasks: run the
 * application with {@code kanthorq.workers.mode=manual}.
 */
public final class KanthorqTestKit {

    private static final Logger log = LoggerFactory.getLogger(KanthorqTestKit.class);

    /** Rounds of {@link #drainAll()} over every consumer before it gives up (a cycle of handlers). */
    static final int MAX_ROUNDS = 1000;

    private static final int PAGE = 1000;
    private static final List<TaskState> WAITING = List.of(TaskState.AVAILABLE, TaskState.RETRYABLE, TaskState.PENDING);

    private final Kanthorq kanthorq;
    private final Function<String, InlineWorker> inlineWorkers;
    private final Supplier<List<String>> consumers;
    private final PayloadReader reader;
    private final Map<String, InlineWorker> workers = new ConcurrentHashMap<>();
    private final Map<String, Boolean> warned = new ConcurrentHashMap<>();
    private volatile Map<String, Event> marks = Map.of();

    /**
     * A kit over {@code kanthorq}: {@code inlineWorkers} gives the inline worker of a consumer (with its
     * handler), {@code consumers} the consumers {@link #drainAll()} runs, {@code reader} reads typed
     * payloads. Nothing is marked yet: until {@link #reset()}, {@link #published()} shows every event.
     */
    public KanthorqTestKit(
            Kanthorq kanthorq,
            Function<String, InlineWorker> inlineWorkers,
            Supplier<List<String>> consumers,
            PayloadReader reader) {
        this.kanthorq = Objects.requireNonNull(kanthorq, "kanthorq");
        this.inlineWorkers = Objects.requireNonNull(inlineWorkers, "inlineWorkers");
        this.consumers = Objects.requireNonNull(consumers, "consumers");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /**
     * A kit for a core (non-Spring) application: the registered consumers of {@code handlers}, marked
     * now (call it once the streams and consumers are registered).
     */
    public static KanthorqTestKit of(Kanthorq kanthorq, Map<String, TaskHandler> handlers, PayloadReader reader) {
        Map<String, TaskHandler> copy = new LinkedHashMap<>(handlers);
        KanthorqTestKit kit = new KanthorqTestKit(
                kanthorq,
                consumer -> {
                    TaskHandler handler = copy.get(consumer);
                    if (handler == null) {
                        throw new IllegalArgumentException("no handler for consumer '" + consumer
                                + "' in this test kit; consumers with one: " + copy.keySet());
                    }
                    return kanthorq.inlineWorker(consumer, handler);
                },
                () -> List.copyOf(copy.keySet()),
                reader);
        kit.reset();
        return kit;
    }

    /** The same, reading only {@code byte[]}, {@code String} and {@code Event} payloads. */
    public static KanthorqTestKit of(Kanthorq kanthorq, Map<String, TaskHandler> handlers) {
        return of(kanthorq, handlers, PayloadReader.PLAIN);
    }

    /**
     * Starts a test from a clean slate: marks now as the start ({@link #published()} shows only events
     * committed after this) and cancels the work earlier tests left behind in the consumers this kit
     * drives (tasks waiting to run, and events not yet moved into tasks), so that a drain runs only what
     * this test caused. Finished tasks and events stay. Called before each test by {@code @KanthorqTest}.
     */
    public void reset() {
        Management management = kanthorq.management();
        for (String consumer : consumers.get()) {
            worker(consumer).advance(Duration.ZERO); // moves what earlier tests published
            cancelWaiting(management, consumer);
        }
        Map<String, Event> next = new HashMap<>();
        for (StreamInfo stream : management.streams()) {
            if (stream.newestEventAt() != null) {
                Event last = lastOf(
                        management,
                        stream.name(),
                        EventQuery.first(EventQuery.MAX_LIMIT).between(stream.newestEventAt(), null));
                if (last != null) {
                    next.put(stream.name(), last);
                }
            }
        }
        marks = next;
    }

    private static void cancelWaiting(Management management, String consumer) {
        // heads first: cancelling one promotes the next task of its key, which the next pass cancels
        boolean cancelled = true;
        while (cancelled) {
            cancelled = false;
            for (TaskState state : WAITING) {
                List<String> ids = waiting(management, consumer, state);
                if (!ids.isEmpty()) {
                    management.cancel(consumer, ids);
                    cancelled = true;
                }
            }
        }
    }

    private static List<String> waiting(Management management, String consumer, TaskState state) {
        return management.tasks(consumer, TaskFilter.of(state), PAGE, null).stream()
                .map(TaskRecord::eventId)
                .toList();
    }

    /** The events committed to any stream since the start ({@link #reset()}), in publish order. */
    public PublishedEvents published() {
        Management management = kanthorq.management();
        Map<String, Event> from = marks;
        List<PublishedEvent> events = new ArrayList<>();
        for (StreamInfo stream : management.streams()) {
            Event mark = from.get(stream.name());
            EventQuery query = EventQuery.first(EventQuery.MAX_LIMIT);
            if (mark != null) {
                query = query.after(mark);
            }
            while (true) {
                List<Event> page = management.events(stream.name(), query);
                page.forEach(e -> events.add(new PublishedEvent(stream.name(), e, reader)));
                if (page.size() < query.limit()) {
                    break;
                }
                query = query.after(page.get(page.size() - 1));
            }
        }
        events.sort(Comparator.comparing((PublishedEvent e) -> e.event().createdAt())
                .thenComparing(e -> e.event().id()));
        return new PublishedEvents(events);
    }

    /**
     * Moves {@code consumer}'s new events into tasks and runs every task that is due, on this thread,
     * until none is; a retry scheduled for later is not run (see {@link #advance} and
     * {@link #drainRetrying}).
     */
    public TaskRuns drain(String consumer) {
        warnIfWorkerRuns(consumer);
        return new TaskRuns(worker(consumer).runDue());
    }

    /**
     * Drains every consumer of the application, round after round, until a round runs nothing: follows
     * chains, since what one consumer's handler publishes is due for the next.
     */
    public TaskRuns drainAll() {
        List<TaskRuns> rounds = new ArrayList<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<TaskRuns> ran = new ArrayList<>();
            for (String consumer : consumers.get()) {
                TaskRuns runs = drain(consumer);
                if (!runs.isEmpty()) {
                    ran.add(runs);
                }
            }
            if (ran.isEmpty()) {
                return TaskRuns.concat(rounds);
            }
            rounds.addAll(ran);
        }
        throw new KanthorqException("kanthorq test kit: tasks were still due after " + MAX_ROUNDS + " rounds over "
                + consumers.get() + ": do handlers publish to each other in a cycle?");
    }

    /**
     * Drains {@code consumer} and runs each retry at once instead of after its backoff, until no task
     * of it waits for a retry: a task that fails twice and then succeeds takes three attempts and a few
     * milliseconds. The backoff the consumer computed is still recorded ({@link TaskRun#nextAttemptAt}).
     */
    public TaskRuns drainRetrying(String consumer) {
        List<TaskRuns> all = new ArrayList<>();
        int total = 0;
        while (true) {
            // every task waiting for a retry, whether it failed in this drain or an earlier one
            List<String> retrying = waiting(kanthorq.management(), consumer, TaskState.RETRYABLE);
            worker(consumer).retryNow(retrying);
            TaskRuns runs = drain(consumer);
            if (runs.isEmpty()) {
                return TaskRuns.concat(all);
            }
            all.add(runs);
            total += runs.size();
            if (total >= InlineWorker.MAX_RUNS) {
                throw new KanthorqException("kanthorq test kit: consumer '" + consumer + "' ran " + total
                        + " attempts and still has retries waiting");
            }
        }
    }

    /**
     * Moves {@code consumer}'s schedule forward by {@code by} in the database (retries and delayed
     * deliveries become due that much earlier); the clocks are not touched. Returns how many tasks moved.
     */
    public int advance(String consumer, Duration by) {
        return worker(consumer).advance(by);
    }

    /** Moves the schedule of every consumer of the application forward by {@code by}. */
    public int advance(Duration by) {
        int moved = 0;
        for (String consumer : consumers.get()) {
            moved += advance(consumer, by);
        }
        return moved;
    }

    /** The consumers this kit drives, those {@link #drainAll()} runs. */
    public List<String> consumers() {
        return consumers.get();
    }

    private InlineWorker worker(String consumer) {
        return workers.computeIfAbsent(consumer, inlineWorkers);
    }

    private void warnIfWorkerRuns(String consumer) {
        for (Worker worker : kanthorq.workers()) {
            if (worker.consumer().equals(consumer) && warned.putIfAbsent(consumer, true) == null) {
                log.warn(
                        "kanthorq test kit: consumer {} also has a running worker in this JVM, which takes some of"
                                + " its tasks: run the test with kanthorq.workers.mode=manual (@KanthorqTest does)",
                        consumer);
            }
        }
    }

    private static Event lastOf(Management management, String stream, EventQuery query) {
        Event last = null;
        while (true) {
            List<Event> page = management.events(stream, query);
            if (!page.isEmpty()) {
                last = page.get(page.size() - 1);
            }
            if (page.size() < query.limit()) {
                return last;
            }
            query = query.after(last);
        }
    }
}
