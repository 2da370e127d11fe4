package io.kanthorq.spring.autoconfigure;

import io.kanthorq.core.OnDiscard;
import io.kanthorq.core.Ordering;
import io.kanthorq.core.StartFrom;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code kanthorq.*} configuration. Defaults are written as literals so the configuration
 * processor can publish them in the metadata; a test checks that each equals core's constant.
 *
 * <p>Consumer and stream names contain {@code _}, which environment variables cannot express in
 * relaxed binding: use bracket notation in system properties
 * ({@code -Dkanthorq.consumers[send_email].attempt-max=3}) or {@code SPRING_APPLICATION_JSON}
 * for environment-based overrides.
 */
@ConfigurationProperties("kanthorq")
public class KanthorqProperties {

    /** Whether KanthorQ is auto-configured at all. */
    private boolean enabled = true;

    /** Worker settings shared by every consumer of this application. */
    private final Workers workers = new Workers();

    private final Observations observations = new Observations();

    /**
     * How long shutdown waits for running handlers; handlers still running then are interrupted
     * and their tasks run again after their lease expires.
     */
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    /**
     * How long KanthorQ's first connection at startup may take before the start fails with a report
     * naming the URL (a database that is down, a wrong host or port), instead of waiting for the pool.
     */
    private Duration startupConnectTimeout = Duration.ofSeconds(5);

    /** Largest event body the publisher accepts. */
    private DataSize maxBodySize = DataSize.ofMegabytes(1);

    /**
     * How long registering the topology at startup waits in all for locks other sessions hold before
     * the start fails naming the blocking process. Registering an unchanged topology takes no lock.
     */
    private Duration registrationLockTimeout = Duration.ofSeconds(10);

    /**
     * Most connections the workers of this instance hold at once, all consumers together (moves, claims,
     * acknowledgements, lease extensions, the idle scan); the LISTEN connection comes on top. The pool
     * needs this plus one plus what the application itself uses; a smaller Hikari pool is warned about
     * at startup.
     */
    private int workerConnections = 4;

    /**
     * Streams this application publishes to without reading them itself (publish-only services).
     * Streams read by a configured consumer are declared implicitly. Keys are stream names: a
     * lower-case letter, then up to 44 lower-case letters, digits or underscores.
     */
    private Map<String, Stream> streams = new LinkedHashMap<>();

    /**
     * Consumers, keyed by name: a lower-case letter, then up to 44 lower-case letters, digits or
     * underscores. Each is registered (or its settings updated) at startup and worked by the
     * KanthorqSubscriber method naming it; settings it leaves out come from consumer-defaults.
     */
    private Map<String, Consumer> consumers = new LinkedHashMap<>();

    /**
     * Recurring events, keyed by schedule name (same rule as stream names): one event per cron tick,
     * published once across every instance that runs workers.
     */
    private Map<String, Schedule> schedules = new LinkedHashMap<>();

    /**
     * Settings every consumer takes unless it sets them itself: any key of a consumer
     * ({@code stream}, {@code subjects}, {@code attempt-max}, {@code concurrency}, {@code backoff.*}, …).
     */
    private final Consumer consumerDefaults = new Consumer();

    /** Scheduled deletion of old tasks and events; off by default (streams are kept until removed). */
    private final Retention retention = new Retention();

    /**
     * Whether this instance holds a LISTEN connection, so that new events wake its workers at once.
     * Set false behind a transaction-pooling PgBouncer without a direct connection, where LISTEN does
     * not work: idle workers then find new events within their poll-interval.
     */
    private boolean listen = true;

    /**
     * What KanthorQ may do to the schema at startup. auto: apply the registry migrations and create or
     * upgrade the stream and consumer tables. validate: no DDL, for a database user without CREATE
     * privilege; startup checks that the registry is migrated and every table exists, and fails naming
     * the CLI command (kanthorq migrate, kanthorq stream create, kanthorq consumer create) that fixes it.
     */
    private DdlMode ddl = DdlMode.AUTO;

    /**
     * A connection straight to PostgreSQL for the work that needs a session of its own (the LISTEN
     * connection, background layout upgrades), for applications whose data source goes through a
     * transaction-pooling PgBouncer. Unset: the data source serves them.
     */
    private final DirectConnection directConnection = new DirectConnection();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Observations getObservations() {
        return observations;
    }

    public Workers getWorkers() {
        return workers;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public Duration getStartupConnectTimeout() {
        return startupConnectTimeout;
    }

    public void setStartupConnectTimeout(Duration startupConnectTimeout) {
        this.startupConnectTimeout = startupConnectTimeout;
    }

    public DataSize getMaxBodySize() {
        return maxBodySize;
    }

    public void setMaxBodySize(DataSize maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    public boolean isListen() {
        return listen;
    }

    public void setListen(boolean listen) {
        this.listen = listen;
    }

    public DdlMode getDdl() {
        return ddl;
    }

    public void setDdl(DdlMode ddl) {
        this.ddl = ddl;
    }

    public DirectConnection getDirectConnection() {
        return directConnection;
    }

    public int getWorkerConnections() {
        return workerConnections;
    }

    public void setWorkerConnections(int workerConnections) {
        this.workerConnections = workerConnections;
    }

    public Duration getRegistrationLockTimeout() {
        return registrationLockTimeout;
    }

    public void setRegistrationLockTimeout(Duration registrationLockTimeout) {
        this.registrationLockTimeout = registrationLockTimeout;
    }

    public Map<String, Stream> getStreams() {
        return streams;
    }

    public void setStreams(Map<String, Stream> streams) {
        this.streams = streams;
    }

    public Map<String, Consumer> getConsumers() {
        return consumers;
    }

    public void setConsumers(Map<String, Consumer> consumers) {
        this.consumers = consumers;
    }

    public Map<String, Schedule> getSchedules() {
        return schedules;
    }

    public void setSchedules(Map<String, Schedule> schedules) {
        this.schedules = schedules;
    }

    public Consumer getConsumerDefaults() {
        return consumerDefaults;
    }

    public Retention getRetention() {
        return retention;
    }

    /**
     * Retention: every interval one instance (an advisory lock picks it) deletes, in batches, the tasks
     * and events older than the ages set here. An age left unset keeps those rows forever.
     */
    public static class Retention {

        /** Whether this instance schedules retention passes (at least one age must be set). */
        private boolean enabled = false;

        /** Time between the end of one pass and the start of the next. */
        private Duration interval = Duration.ofMinutes(10);

        /** Completed and Cancelled tasks last changed longer ago than this are deleted. */
        private Duration completedTasks;

        /** Discarded tasks (dead letters) last changed longer ago than this are deleted. */
        private Duration discardedTasks;

        /**
         * Events published longer ago than this are deleted once every consumer of their stream moved
         * past them and all their tasks are Completed.
         */
        private Duration events;

        /** Rows deleted per statement (each statement its own transaction). */
        private int batchSize = 1000;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public Duration getCompletedTasks() {
            return completedTasks;
        }

        public void setCompletedTasks(Duration completedTasks) {
            this.completedTasks = completedTasks;
        }

        public Duration getDiscardedTasks() {
            return discardedTasks;
        }

        public void setDiscardedTasks(Duration discardedTasks) {
            this.discardedTasks = discardedTasks;
        }

        public Duration getEvents() {
            return events;
        }

        public void setEvents(Duration events) {
            this.events = events;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }
    }

    /** A JDBC connection that bypasses a connection pooler. */
    public static class DirectConnection {

        /** JDBC URL of the PostgreSQL server itself (not of the pooler), e.g. jdbc:postgresql://db:5432/app. */
        private String url;

        /** User of the direct connection; defaults to spring.datasource.username. */
        private String username;

        /** Password of the direct connection; defaults to spring.datasource.password. */
        private String password;

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }
    }

    /** Micrometer observations of publishes and handler attempts (tracing, timers). */
    public static class Observations {

        /**
         * Whether publishes and handler attempts are observed on the application's ObservationRegistry
         * (when there is one): an observation each, and the trace context carried from each publish into
         * every attempt of its tasks.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Worker settings of the application. */
    public static class Workers {

        /**
         * Whether this application runs workers. When false it still registers streams and
         * consumers and publishes (a publish-only service).
         */
        private boolean enabled = true;

        /**
         * How the workers run: 'auto' starts them with the context; 'manual' starts no worker and no
         * schedule, so that a test drives each consumer itself (kanthorq-test's drain). Streams and
         * consumers are registered either way.
         */
        private Mode mode = Mode.AUTO;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Mode getMode() {
            return mode;
        }

        public void setMode(Mode mode) {
            this.mode = mode;
        }

        /** How the workers of an application run. */
        public enum Mode {
            /** Started with the context, stopped with it. */
            AUTO,
            /** Never started: a test runs the consumers' due tasks on its own thread. */
            MANUAL
        }
    }

    /** A declared stream. It has no settings yet: declaring the name is what matters. */
    public static class Stream {}

    /** A recurring event: where, what and when. */
    public static class Schedule {

        /** The stream the events go to (required; declared by this). */
        private String stream;

        /** The events' subject (required). */
        private String subject;

        /** When: a Spring cron expression, six fields with seconds, e.g. '0 0 9 * * MON-FRI' (required). */
        private String cron;

        /** The events' body as text; without it, a JSON object naming the schedule and the tick. */
        private String payload;

        /**
         * The time zone the cron expression is read in. UTC unless set: every instance must compute the
         * same ticks, whatever its own zone.
         */
        private ZoneId zone = ZoneId.of("UTC");

        public String getStream() {
            return stream;
        }

        public void setStream(String stream) {
            this.stream = stream;
        }

        public String getSubject() {
            return subject;
        }

        public void setSubject(String subject) {
            this.subject = subject;
        }

        public String getCron() {
            return cron;
        }

        public void setCron(String cron) {
            this.cron = cron;
        }

        public String getPayload() {
            return payload;
        }

        public void setPayload(String payload) {
            this.payload = payload;
        }

        public ZoneId getZone() {
            return zone;
        }

        public void setZone(ZoneId zone) {
            this.zone = zone;
        }
    }

    /** A consumer: its stream, subject filters, retry policy and worker settings. */
    public static class Consumer {

        /** The stream the consumer reads (required). */
        private String stream;

        /** Subject filters (NATS wildcards: '*' one token, '>' one or more trailing tokens); empty means every subject. */
        private List<String> subjects = new ArrayList<>();

        /** Subject filters whose matches are skipped even when included. */
        private List<String> excludeSubjects = new ArrayList<>();

        /** Attempts before a task is Discarded. */
        private int attemptMax = 16;

        /** Lease of a claimed task; extended while its handler runs. At least 1s. */
        private Duration visibilityTimeout = Duration.ofMinutes(5);

        /** Handlers of this consumer running at once in this instance. */
        private int concurrency = 4;

        /** Most tasks claimed, and stream events moved, per statement. */
        private int batchSize = 500;

        /**
         * Most tasks claimed beyond the free handlers and queued in this instance (0: claim only for
         * free handlers); how many of them is claim-ahead's decision.
         */
        private int prefetch = 1000;

        /**
         * Handler work claimed beyond the free handlers, by the recent average handler time, up to
         * prefetch tasks: short handlers get long batches, slow ones nothing ahead, so that other
         * instances can take their tasks. 0 claims nothing ahead.
         */
        private Duration claimAhead = Duration.ofMillis(100);

        /** Longest sleep of an idle worker without a notification. */
        private Duration pollInterval = Duration.ofSeconds(1);

        /** Delay between failed attempts. */
        private final Backoff backoff = new Backoff();

        /** Whether this instance runs a worker for the consumer (it is registered either way). */
        private boolean enabled = true;

        /** Where a new consumer begins in its stream; ignored once it is registered. */
        private StartFrom startFrom = StartFrom.EARLIEST;

        /**
         * Task order: 'none' (in parallel, no order) or 'key' (the tasks of one ordering key one at a time,
         * in delivery order; different keys in parallel). Applies to tasks created after a change.
         */
        private Ordering ordering = Ordering.NONE;

        /**
         * With ordering 'key': what a Discarded task does to the tasks of its key behind it. 'block' (they
         * wait until it is redriven or cancelled) or 'continue' (the next one runs).
         */
        private OnDiscard onDiscard = OnDiscard.BLOCK;

        public String getStream() {
            return stream;
        }

        public void setStream(String stream) {
            this.stream = stream;
        }

        public List<String> getSubjects() {
            return subjects;
        }

        public void setSubjects(List<String> subjects) {
            this.subjects = subjects;
        }

        public List<String> getExcludeSubjects() {
            return excludeSubjects;
        }

        public void setExcludeSubjects(List<String> excludeSubjects) {
            this.excludeSubjects = excludeSubjects;
        }

        public int getAttemptMax() {
            return attemptMax;
        }

        public void setAttemptMax(int attemptMax) {
            this.attemptMax = attemptMax;
        }

        public Duration getVisibilityTimeout() {
            return visibilityTimeout;
        }

        public void setVisibilityTimeout(Duration visibilityTimeout) {
            this.visibilityTimeout = visibilityTimeout;
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }

        public int getPrefetch() {
            return prefetch;
        }

        public void setPrefetch(int prefetch) {
            this.prefetch = prefetch;
        }

        public Duration getClaimAhead() {
            return claimAhead;
        }

        public void setClaimAhead(Duration claimAhead) {
            this.claimAhead = claimAhead;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        public Backoff getBackoff() {
            return backoff;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public StartFrom getStartFrom() {
            return startFrom;
        }

        public void setStartFrom(StartFrom startFrom) {
            this.startFrom = startFrom;
        }

        public Ordering getOrdering() {
            return ordering;
        }

        public void setOrdering(Ordering ordering) {
            this.ordering = ordering;
        }

        public OnDiscard getOnDiscard() {
            return onDiscard;
        }

        public void setOnDiscard(OnDiscard onDiscard) {
            this.onDiscard = onDiscard;
        }
    }

    /** Exponential backoff: {@code initial * multiplier^(attempt-1)}, capped at {@code max}, ±10% jitter. */
    public static class Backoff {

        /** Delay after the first failed attempt. */
        private Duration initial = Duration.ofSeconds(1);

        /** Growth of the delay per attempt (1 to 1000). */
        private double multiplier = 2.0;

        /** Upper bound of the delay. */
        private Duration max = Duration.ofHours(1);

        public Duration getInitial() {
            return initial;
        }

        public void setInitial(Duration initial) {
            this.initial = initial;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMax() {
            return max;
        }

        public void setMax(Duration max) {
            this.max = max;
        }
    }

    /** What KanthorQ may do to the schema at startup ({@code kanthorq.ddl}). */
    public enum DdlMode {
        /** Migrate the registry, create and upgrade tables. */
        AUTO,
        /** No DDL: check the registry version and the tables, fail naming what is missing. */
        VALIDATE
    }
}
