package io.kanthorq.core;

import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.LayoutUpgrader;
import io.kanthorq.core.internal.Observations;
import io.kanthorq.core.internal.Registry;
import io.kanthorq.core.management.Management;
import io.kanthorq.core.observation.KanthorqObservations;
import io.kanthorq.core.retention.Retention;
import io.kanthorq.core.retention.RetentionPolicy;
import io.kanthorq.core.schedule.RecurringPublisher;
import io.kanthorq.core.schedule.ScheduleDefinition;
import io.kanthorq.core.worker.WorkerRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The KanthorQ engine of one application instance: registration, publishing, task operations and
 * workers, over a {@link ConnectionProvider}. Spring-free; the starter builds one per context.
 *
 * <pre>{@code
 * Kanthorq kanthorq = Kanthorq.builder(ConnectionProvider.of(dataSource)).build();
 * kanthorq.registrar().registerConsumer(ConsumerDefinition.builder("send_email", "order_update")
 *         .subjects("order.cancelled").attemptMax(3).build());
 * kanthorq.publisher().publish("order_update", NewEvent.of("order.cancelled", "{\"id\":1}"));
 * kanthorq.startWorker("send_email", task -> send(task.event()), WorkerOptions.DEFAULT);
 * }</pre>
 *
 * <p>Connections: the workers of an engine hold at most {@link Builder#workerConnections} pooled
 * connections at once (default {@value #DEFAULT_WORKER_CONNECTIONS}), whatever the number of consumers,
 * and one more for {@code LISTEN}; handlers hold none. Publishing and management use the caller's.
 */
public final class Kanthorq implements AutoCloseable {

    /**
     * The logger of task outcome lines, stable across releases whatever class writes them: a failed
     * attempt that will be retried at INFO; a discarded task, a rescued lease, a lease that could not be
     * extended and a fenced outcome at WARN; a completion at DEBUG.
     */
    public static final String OUTCOME_LOGGER = "io.kanthorq.outcomes";

    /** Default of {@link Builder#workerConnections}: 4. */
    public static final int DEFAULT_WORKER_CONNECTIONS = 4;

    private final Jdbc jdbc;
    private final LayoutUpgrader upgrader;
    private final Registrar registrar;
    private final EventPublisher publisher;
    private final Management management;
    private final Retention retention;
    private final WorkerRuntime runtime;
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    private final List<RecurringPublisher> schedules = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    private Kanthorq(Builder builder) {
        this.jdbc = new Jdbc(builder.provider);
        ConnectionProvider session = builder.sessionProvider != null ? builder.sessionProvider : builder.provider;
        // without a session of its own (polling behind a pooler) an upgrade sets no session lock_timeout
        this.upgrader = new LayoutUpgrader(new Jdbc(session), builder.sessionProvider != null || !builder.pollOnly);
        this.registrar = new Registrar(jdbc, builder.registrationLockTimeout, upgrader, builder.ddl);
        this.management = new Management(jdbc, this::workers);
        this.retention = new Retention(jdbc);
        this.runtime = new WorkerRuntime(
                builder.provider, builder.workerConnections, builder.pollOnly ? null : session, builder.observations);
        this.publisher = new EventPublisher(jdbc, builder.maxBodySize, runtime.localPublishes(), builder.observations);
    }

    /** A builder over {@code provider}. */
    public static Builder builder(ConnectionProvider provider) {
        return new Builder(provider);
    }

    /**
     * Registers streams and consumers. Re-registering an unchanged topology takes no lock; tables of an
     * earlier layout are upgraded in the background while this engine runs.
     */
    public Registrar registrar() {
        return registrar;
    }

    /** Publishes events. */
    public EventPublisher publisher() {
        return publisher;
    }

    /**
     * The operations side: streams and consumers with their figures, tasks with their errors, redrive,
     * cancel, pause, resume, remove and replay.
     */
    public Management management() {
        return management;
    }

    /** Deletes old tasks and events by a {@link RetentionPolicy} (never on its own: run or schedule it). */
    public Retention retention() {
        return retention;
    }

    /** Starts a worker for a registered consumer. */
    public Worker startWorker(String consumer, TaskHandler handler, WorkerOptions options) {
        return startWorker(consumer, handler, options, TaskListener.NONE);
    }

    /** Starts a worker for a registered consumer, reporting outcomes to {@code listener}. */
    public Worker startWorker(String consumer, TaskHandler handler, WorkerOptions options, TaskListener listener) {
        Objects.requireNonNull(options, "options");
        String stream = streamOf(consumer, handler, "starting a worker");
        if (stopped) {
            throw new IllegalStateException("kanthorq: this engine was stopped; build a new one to start workers");
        }
        Worker worker = runtime.start(consumer, stream, handler, options, listener);
        workers.add(worker);
        return worker;
    }

    /**
     * An {@link InlineWorker} of a registered consumer: runs its due tasks with {@code handler} on the
     * calling thread, when asked, for tests and one-off tools. Outcomes are reported to {@code listener}.
     */
    public InlineWorker inlineWorker(String consumer, TaskHandler handler, TaskListener listener) {
        String stream = streamOf(consumer, handler, "running its tasks");
        return runtime.inline(consumer, stream, handler, listener);
    }

    /** The same, reporting outcomes to nobody but the outcome log. */
    public InlineWorker inlineWorker(String consumer, TaskHandler handler) {
        return inlineWorker(consumer, handler, TaskListener.NONE);
    }

    private String streamOf(String consumer, TaskHandler handler, String purpose) {
        Names.requireValid("consumer", consumer);
        Objects.requireNonNull(handler, "handler");
        String stream = jdbc.detachedStatement(
                "read consumer '" + consumer + "'", connection -> Registry.streamOf(connection, consumer));
        if (stream == null) {
            throw new KanthorqException(
                    "kanthorq: consumer '" + consumer + "' is not registered: register it before " + purpose);
        }
        return stream;
    }

    /**
     * Registers {@code schedules} (and their streams) and publishes their recurring events from this
     * engine until it stops: one event per tick across every instance that runs the same schedules.
     */
    public RecurringPublisher startSchedules(List<ScheduleDefinition> schedules) {
        if (stopped) {
            throw new IllegalStateException("kanthorq: this engine was stopped; build a new one to start schedules");
        }
        Objects.requireNonNull(schedules, "schedules");
        schedules.stream().map(ScheduleDefinition::stream).distinct().forEach(registrar::registerStream);
        RecurringPublisher started = new RecurringPublisher(jdbc, publisher, schedules);
        this.schedules.add(started);
        return started;
    }

    /** The workers started by this engine that have not been stopped. */
    public List<Worker> workers() {
        workers.removeIf(worker -> !worker.isRunning());
        return List.copyOf(workers);
    }

    /**
     * Stops every worker in parallel (each drains within its shutdown timeout), then the
     * notification listener and any layout upgrade under way (redone at the next start). Final: no
     * worker can be started afterwards.
     */
    public void stop() {
        stopped = true;
        schedules.forEach(RecurringPublisher::close);
        schedules.clear();
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (Worker worker : workers) {
            stops.add(CompletableFuture.runAsync(worker::stop, runnable -> {
                Thread thread = new Thread(runnable, "kanthorq-stop-" + worker.consumer());
                thread.start();
            }));
        }
        stops.forEach(CompletableFuture::join);
        workers.clear();
        runtime.stop();
        upgrader.close();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Builds a {@link Kanthorq}. */
    public static final class Builder {
        private final ConnectionProvider provider;
        private int maxBodySize = EventPublisher.DEFAULT_MAX_BODY_SIZE;
        private Duration registrationLockTimeout = Registrar.DEFAULT_LOCK_TIMEOUT;
        private int workerConnections = DEFAULT_WORKER_CONNECTIONS;
        private Observations observations = Observations.NONE;
        private ConnectionProvider sessionProvider;
        private boolean pollOnly;
        private boolean ddl = true;

        private Builder(ConnectionProvider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
        }

        /** Largest event body accepted, in bytes (default 1 MiB). */
        public Builder maxBodySize(int bytes) {
            this.maxBodySize = bytes;
            return this;
        }

        /**
         * How long a registration waits in all for locks held by other sessions (default 10 s) before it
         * fails naming the blocking process. Registering an unchanged topology takes no lock.
         */
        public Builder registrationLockTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new InvalidInputException("registration lock timeout must be positive, was " + timeout);
            }
            this.registrationLockTimeout = timeout;
            return this;
        }

        /**
         * Most connections the workers of this engine hold at once, all consumers together (default
         * {@value Kanthorq#DEFAULT_WORKER_CONNECTIONS}); the {@code LISTEN} connection comes on top. Size the
         * pool for this plus one plus what the application itself uses.
         */
        public Builder workerConnections(int connections) {
            if (connections < 1 || connections > 1000) {
                throw new InvalidInputException(
                        "kanthorq.worker-connections must be between 1 and 1000, got " + connections);
            }
            this.workerConnections = connections;
            return this;
        }

        /**
         * Connections for the work that needs a database session of its own: the {@code LISTEN}
         * connection and background layout upgrades ({@code CREATE INDEX CONCURRENTLY} under a session
         * {@code lock_timeout}). Default: the engine's provider. Behind a transaction-pooling PgBouncer,
         * pass one that connects to PostgreSQL directly (e.g.
         * {@link ConnectionProvider#direct(String, String, String)}): notifications then reach the
         * workers over it, and everything else still goes through the pooler.
         */
        public Builder sessionConnections(ConnectionProvider provider) {
            this.sessionProvider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * No {@code LISTEN} connection: idle workers learn of new events from the engine's scanner, once
         * per poll interval (so a publish waits up to that long), and busy ones at their next turn. For a
         * transaction-pooling PgBouncer without a direct connection, where {@code LISTEN} does not work;
         * there layout upgrades also run without a session {@code lock_timeout} unless
         * {@link #sessionConnections} is set.
         */
        public Builder pollOnly() {
            this.pollOnly = true;
            return this;
        }

        /**
         * Observes every publish and handler attempt with Micrometer ({@code KanthorqObservations.of(registry)}),
         * which also carries the trace context from each publish into every attempt of its tasks. Optional:
         * needs {@code io.micrometer:micrometer-observation}.
         */
        public Builder observations(KanthorqObservations observations) {
            this.observations = Objects.requireNonNull(observations, "observations");
            return this;
        }

        /**
         * Whether registration may create and alter tables (default {@code true}). With {@code false}
         * registration runs no DDL: it checks that every stream and consumer table exists with this
         * release's columns and fails with a {@link MissingTablesException} listing those that do not,
         * each with the CLI command that creates it; registry rows are still written. For a database
         * user without {@code CREATE} privilege, whose tables a DBA or deployment step creates.
         */
        public Builder ddl(boolean enabled) {
            this.ddl = enabled;
            return this;
        }

        /** The engine; nothing runs until a worker is started. */
        public Kanthorq build() {
            return new Kanthorq(this);
        }
    }
}
