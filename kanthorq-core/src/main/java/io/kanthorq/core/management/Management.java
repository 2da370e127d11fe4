package io.kanthorq.core.management;

import io.kanthorq.core.Event;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.Names;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.Worker;
import io.kanthorq.core.internal.Jdbc;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The operations side of KanthorQ, Spring-free: what the streams and consumers hold, what failed and
 * why, and the operator's actions — redrive, cancel, pause, resume, remove and replay. Reached through
 * {@link Kanthorq#management()}; the Spring Boot starter exposes it as a bean and the {@code kanthorq}
 * CLI is built on it.
 *
 * <p>Reads are designed not to scan big tables: stream sizes and Completed task counts become
 * estimates past {@link StreamInfo#EXACT_COUNT_LIMIT} rows, other task counts use partial indexes
 * (finished, ready, lease), task pages and redrive filters use the partial {@code (state, updated_at)}
 * index of finished tasks, and event queries use the stream's {@code (created_at, id)} index. Each
 * type documents what is exact.
 */
public final class Management {

    private final TaskOperations tasks;
    private final StreamInspector streams;
    private final ConsumerInspector consumers;
    private final TaskInspector taskInspector;
    private final ConsumerControl control;
    private final ScheduleInspector schedules;
    private final OutcomeHistory outcomes;

    /**
     * The management side of an engine over {@code jdbc}; {@code localWorkers} are the engine's running
     * workers (a consumer is not removed while one runs here). Applications get it from
     * {@link Kanthorq#management()}.
     */
    public Management(Jdbc jdbc, Supplier<List<Worker>> localWorkers) {
        TaskOperations tasks = new TaskOperations(jdbc);
        this.tasks = tasks;
        this.streams = new StreamInspector(jdbc);
        this.consumers = new ConsumerInspector(jdbc);
        this.taskInspector = new TaskInspector(jdbc, tasks);
        this.control = new ConsumerControl(jdbc, tasks, localWorkers);
        this.schedules = new ScheduleInspector(jdbc);
        this.outcomes = new OutcomeHistory(jdbc);
    }

    /**
     * The outcomes the workers of every instance wrote per minute for each registered consumer, over the
     * last {@code minutes} minutes (1 to 1440, the current minute last; minutes without outcomes are
     * zeros). Read from a per-minute rollup the workers add to every few seconds, so it costs the same
     * whatever the task tables hold; outcomes of the last few seconds may not be in it yet.
     */
    public Map<String, List<OutcomeMinute>> outcomesPerMinute(int minutes) {
        return outcomes.last(minutes);
    }

    /** Every registered schedule of recurring events, with its last and next tick, by name. */
    public List<ScheduleInfo> schedules() {
        return schedules.schedules();
    }

    /** Every registered stream with its figures, by name. */
    public List<StreamInfo> streams() {
        return streams.streams(null);
    }

    /**
     * The backlog of consumer {@code name} (ready, running, discarded, events not moved), cheap enough
     * for gauges: every number is read through a partial index.
     */
    public TaskBacklog backlog(String name) {
        Names.requireValid("consumer", name);
        return consumers.backlog(name, tasks.streamOf(name));
    }

    /**
     * The backlog of every registered consumer, by name, in two statements whatever their number: what
     * gauges of many consumers should read instead of one {@link #backlog} each.
     */
    public Map<String, TaskBacklog> backlogs() {
        return consumers.backlogs();
    }

    /** The figures of stream {@code name}, or empty when it is not registered. */
    public Optional<StreamInfo> stream(String name) {
        Names.requireValid("stream", name);
        return streams.streams(name).stream().findFirst();
    }

    /**
     * Every registered consumer with its cursor, lag and task numbers, by name; the finished states
     * (Completed, Discarded, Cancelled) counted up to {@code countLimit} each ({@link ConsumerInfo}
     * says what is then reported). A small limit keeps a frequently refreshed overview cheap whatever the
     * tables hold: each consumer's finished counts then read at most that many index entries.
     */
    public List<ConsumerInfo> consumers(long countLimit) {
        return consumers.consumers(null, countLimit);
    }

    /** Every registered consumer with its cursor, lag and task numbers, by name. */
    public List<ConsumerInfo> consumers() {
        return consumers.consumers(null, StreamInfo.EXACT_COUNT_LIMIT);
    }

    /** Consumer {@code name} with its cursor, lag and task numbers, or empty when it is not registered. */
    public Optional<ConsumerInfo> consumer(String name) {
        Names.requireValid("consumer", name);
        return consumers.consumers(name, StreamInfo.EXACT_COUNT_LIMIT).stream().findFirst();
    }

    /**
     * A page of tasks of {@code consumer} selected by {@code filter}, most recently changed first, each
     * with its error history.
     *
     * @param limit most tasks returned (1 to 1000)
     * @param after the last task of the previous page, or null for the first page
     */
    public List<TaskRecord> tasks(String consumer, TaskFilter filter, int limit, TaskRecord after) {
        tasks.streamOf(consumer); // a clear error for a consumer that is not registered
        return taskInspector.list(consumer, filter, limit, after);
    }

    /**
     * How many tasks of {@code consumer} {@code filter} selects, counting no further than {@code cap} (1 to
     * 1,000,000): a result equal to {@code cap} means "at least". For confirming a redrive by filter.
     */
    public long countTasks(String consumer, TaskFilter filter, int cap) {
        tasks.streamOf(consumer);
        return taskInspector.count(consumer, filter, cap);
    }

    /** The task of {@code consumer} for event {@code eventId}, with its error history and its event. */
    public Optional<TaskDetail> task(String consumer, String eventId) {
        String stream = tasks.streamOf(consumer);
        return tasks.find(consumer, eventId)
                .map(task -> new TaskDetail(task, streams.event(stream, eventId).orElse(null)));
    }

    /** Makes the given Discarded/Cancelled tasks Available with attempts reset; returns how many changed. */
    public int redrive(String consumer, List<String> eventIds) {
        return tasks.redrive(consumer, eventIds);
    }

    /**
     * Redrives the tasks {@code filter} selects (its state must be Discarded or Cancelled), e.g. every
     * Discarded {@code order.refund.*} task that failed since yesterday; returns how many changed.
     */
    public int redrive(String consumer, TaskFilter filter) {
        return taskInspector.redrive(consumer, filter);
    }

    /** Redrives every task of {@code consumer} in {@code state} (Discarded or Cancelled). */
    public int redriveAll(String consumer, TaskState state) {
        return tasks.redriveAll(consumer, state);
    }

    /** Cancels the given Pending/Available/Retryable tasks; returns how many changed. */
    public int cancel(String consumer, List<String> eventIds) {
        tasks.streamOf(consumer);
        return tasks.cancel(consumer, eventIds);
    }

    /**
     * Pauses {@code consumer} in every instance: its events stay in the stream and its tasks keep their
     * state, but nothing is moved or claimed until it is resumed. Handlers already running finish.
     * A paused consumer holds stream retention back (its cursor does not advance).
     */
    public void pause(String consumer) {
        control.setPaused(consumer, true);
    }

    /** Resumes a paused consumer and wakes its workers at once (a notification on its stream). */
    public void resume(String consumer) {
        control.setPaused(consumer, false);
    }

    /**
     * Removes {@code consumer}: drops its task table and deletes its registry row, under the
     * registration lock. From then on it no longer holds stream retention back. Refused while this
     * engine runs a worker for it; workers of other instances must be stopped first (they would fail
     * on the missing table until then). Waits at most 10 s for locks on the task table.
     */
    public void removeConsumer(String consumer) {
        control.remove(consumer);
    }

    /**
     * Delivers again every event of the consumer's stream published at or after {@code since} that the
     * consumer's subject filters select, and returns how many tasks were queued.
     *
     * <p>The cursor is not rewound, deliberately: a {@code pg_snapshot} cursor orders events by
     * publishing transaction, not by time, and events that already have a task would be skipped by the
     * mover (it keeps a task that exists) anyway. Instead every such event's task is made Available
     * now with attempts reset: existing tasks in any state but Running and Pending are reset (their error
     * history kept), missing ones are created. Running tasks are left to finish. Events the mover has
     * not reached yet get their task early, and the mover then skips them; events published after the
     * replay starts are delivered normally. Events removed by retention cannot be replayed.
     * Runs in batches of 1000 events, each its own transaction.
     */
    public long replayFrom(String consumer, Instant since) {
        Objects.requireNonNull(since, "since");
        return control.replay(consumer, since);
    }

    /** Events of {@code stream} selected by {@code query}, oldest first. */
    public List<Event> events(String stream, EventQuery query) {
        return streams.events(stream, query);
    }

    /**
     * The events of the chain {@code correlationId} in stream {@code stream}: its root (when the
     * correlation is an event id of the stream) and every event published with that correlation, in id
     * (publish) order, at most {@link EventQuery#MAX_LIMIT}. Follow {@link Event#causationId()} to draw the
     * tree.
     */
    public List<Event> chain(String stream, String correlationId) {
        Names.requireValid("stream", stream);
        Objects.requireNonNull(correlationId, "correlationId");
        return streams.chain(stream, correlationId, EventQuery.MAX_LIMIT);
    }

    /** Event {@code id} of {@code stream}, or empty when it is not (or no longer) there. */
    public Optional<Event> event(String stream, String id) {
        return streams.event(stream, id);
    }
}
