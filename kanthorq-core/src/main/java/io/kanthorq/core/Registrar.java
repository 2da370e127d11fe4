package io.kanthorq.core;

import io.kanthorq.core.internal.AdvisoryLocks;
import io.kanthorq.core.internal.BoundedLockWait;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.LayoutUpgrader;
import io.kanthorq.core.internal.Sql;
import io.kanthorq.core.internal.SubjectPatterns;
import io.kanthorq.core.internal.TableCatalog;
import io.kanthorq.core.internal.TableLayout;
import io.kanthorq.core.internal.TableNames;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers streams and consumers: creates their tables from the layout templates and writes the
 * registry rows. Idempotent, and built to run at every application start while other instances
 * publish, move and claim:
 * <ul>
 *   <li>An unchanged topology takes no lock at all: what exists is read from the catalog and the
 *       registry rows, and nothing is written.</li>
 *   <li>A missing table is created (with its indexes) in a transaction of its own that holds only
 *       the registration advisory lock and the new table, never a registry row.</li>
 *   <li>An existing table that lacks columns of its layout gets them in a short transaction of its
 *       own (nullable columns without a default: a catalog change that rewrites nothing, though it
 *       needs the table's lock for a moment), which also records the new layout version; instances
 *       of the earlier release keep working, since they never name the new columns.</li>
 *   <li>An existing table that lacks indexes of its layout is upgraded in the background by the
 *       {@link LayoutUpgrader}, concurrently; registration does not wait for it.</li>
 *   <li>New or changed registry rows are written in a transaction that holds the registration lock
 *       and then the row, never a stream or task table — the order the mover and removal follow
 *       too (see the README's lock order).</li>
 * </ul>
 * Every wait for a lock is bounded ({@link BoundedLockWait}): a registration that cannot get its
 * locks in time fails naming the table and the process that held them.
 */
public final class Registrar {

    /** Layout version of the per-stream and per-consumer tables this release creates. */
    static final int LAYOUT_VERSION = 2;

    /** Default of how long a registration waits for locks in all. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(Registrar.class);

    private static final TableLayout STREAM_LAYOUT = TableLayout.load("stream.sql");
    private static final TableLayout CONSUMER_LAYOUT = TableLayout.load("consumer.sql");

    private static final String STREAM_REGISTRY = "kanthorq_stream_registry";
    private static final String CONSUMER_REGISTRY = "kanthorq_consumer_registry";

    private static final String STREAM_LAYOUT_VERSION = Sql.format("""
            UPDATE kanthorq_stream_registry SET layout_version = ?, updated_at = {now}
            WHERE name = ? AND layout_version < ?
            """);

    private static final String CONSUMER_LAYOUT_VERSION = Sql.format("""
            UPDATE kanthorq_consumer_registry SET layout_version = ?, updated_at = {now}
            WHERE name = ? AND layout_version < ?
            """);

    private static final String REGISTERED_STREAMS = "SELECT name FROM kanthorq_stream_registry ORDER BY name";

    private static final String REGISTERED_CONSUMERS =
            "SELECT name, stream_name FROM kanthorq_consumer_registry ORDER BY name";

    private static final String FIND_STREAM = "SELECT 1 FROM kanthorq_stream_registry WHERE name = ?";

    private static final String INSERT_STREAM = Sql.format("""
            INSERT INTO kanthorq_stream_registry (name, layout_version, created_at, updated_at)
            VALUES (?, ?, {now}, {now})
            ON CONFLICT (name) DO NOTHING
            """);

    // The settings a registration may change: compared and written in this order, one value each.
    private static final String SETTING_COLUMNS = """
            subject_includes, subject_excludes, subject_include_regex, subject_exclude_regex, attempt_max,
            visibility_timeout_ms, backoff_initial_ms, backoff_multiplier, backoff_max_ms, ordering, on_discard""";
    private static final String SETTING_VALUES = """
            ?::text[], ?::text[], ?::text[], ?::text[], ?::smallint, ?::bigint, ?::bigint, ?::float8, ?::bigint,
            ?, ?""";

    // A plain read, no row lock: an unchanged consumer is left alone, so a start never waits for a move.
    private static final String READ_CONSUMER = """
            SELECT stream_name, (%s) IS NOT DISTINCT FROM (%s) AS unchanged
            FROM kanthorq_consumer_registry WHERE name = ?
            """.formatted(SETTING_COLUMNS, SETTING_VALUES);

    // The cursor is written only when the row is new: re-registration updates settings, never progress.
    private static final String INSERT_CONSUMER = Sql.format("""
            INSERT INTO kanthorq_consumer_registry (%s,
                name, stream_name, cursor_snapshot, layout_version, created_at, updated_at)
            VALUES (%s,
                ?, ?, CASE WHEN ? THEN pg_current_snapshot() ELSE '1:1:'::pg_snapshot END, ?, {now}, {now})
            ON CONFLICT (name) DO NOTHING
            """, SETTING_COLUMNS, SETTING_VALUES);

    private static final String UPDATE_CONSUMER = Sql.format("""
            UPDATE kanthorq_consumer_registry SET (%s) = (%s), updated_at = {now}
            WHERE name = ?
            """, SETTING_COLUMNS, SETTING_VALUES);

    private final Jdbc jdbc;
    private final BoundedLockWait locks;
    private final LayoutUpgrader upgrader;
    private final boolean ddl;

    Registrar(Jdbc jdbc, Duration lockTimeout, LayoutUpgrader upgrader, boolean ddl) {
        this.jdbc = jdbc;
        this.locks = new BoundedLockWait(jdbc, lockTimeout, AdvisoryLocks.REGISTRATION);
        this.upgrader = upgrader;
        this.ddl = ddl;
    }

    /** Creates stream {@code name} (table and registry row) if it does not exist yet. */
    public void registerStream(String name) {
        Names.requireValid("stream", name);
        registerStream("register stream '" + name + "'", name);
    }

    private void registerStream(String operation, String name) {
        ensureTable(
                operation,
                STREAM_LAYOUT.of(TableNames.streamTable(name)),
                STREAM_LAYOUT_VERSION,
                name,
                streamOwner(name),
                streamCreate(name));
        boolean registered = jdbc.detachedStatement(
                operation, connection -> Jdbc.queryOne(connection, FIND_STREAM, rs -> true, name) != null);
        if (!registered) {
            locks.inTransaction(operation, List.of(STREAM_REGISTRY), connection -> {
                AdvisoryLocks.lockRegistration(connection);
                return Jdbc.update(connection, INSERT_STREAM, name, LAYOUT_VERSION);
            });
        }
    }

    /**
     * Creates or updates a consumer (and its stream when missing). Changed settings are applied;
     * the cursor is kept. A consumer cannot move to another stream.
     */
    public void registerConsumer(ConsumerDefinition consumer) {
        String operation = "register consumer '" + consumer.name() + "'";
        Object[] settings = settings(consumer);
        Boolean unchanged =
                jdbc.detachedStatement(operation, connection -> readConsumer(connection, consumer, settings));
        registerStream(operation + " on stream '" + consumer.stream() + "'", consumer.stream());
        ensureTable(
                operation,
                CONSUMER_LAYOUT.of(TableNames.consumerTable(consumer.name())),
                CONSUMER_LAYOUT_VERSION,
                consumer.name(),
                consumerOwner(consumer.name()),
                consumerCreate(consumer.name(), consumer.stream()));
        if (Boolean.TRUE.equals(unchanged)) {
            log.debug("kanthorq: consumer {} is registered with these settings already", consumer.name());
            return;
        }
        locks.inTransaction(operation, List.of(CONSUMER_REGISTRY), connection -> {
            AdvisoryLocks.lockRegistration(connection);
            // read again under the lock: another instance may have registered it meanwhile
            if (readConsumer(connection, consumer, settings) == null) {
                Jdbc.update(connection, INSERT_CONSUMER, concat(settings, new Object[] {
                    consumer.name(), consumer.stream(), consumer.startFrom() == StartFrom.LATEST, LAYOUT_VERSION
                }));
            } else {
                Jdbc.update(connection, UPDATE_CONSUMER, concat(settings, new Object[] {consumer.name()}));
            }
            return null;
        });
        log.debug("kanthorq: registered consumer {} on stream {}", consumer.name(), consumer.stream());
    }

    /** Registers every stream of {@code streams} and every consumer of {@code consumers}. */
    public void registerAll(List<String> streams, List<ConsumerDefinition> consumers) {
        if (!ddl) {
            requireTables(streams, consumers);
        }
        streams.forEach(this::registerStream);
        consumers.forEach(this::registerConsumer);
    }

    /**
     * Brings every registered stream and consumer table to this release's layout: missing columns are
     * added at once, missing indexes built concurrently in the background ({@link #awaitUpgrades}).
     * For {@code kanthorq migrate}, run before applications that register without DDL start.
     * Returns how many tables were checked.
     */
    public int upgradeRegistered() {
        if (!ddl) {
            throw new KanthorqException("upgrading the registered tables needs DDL, which this engine has off");
        }
        String operation = "upgrade registered tables";
        List<String> streams = jdbc.detachedStatement(
                operation, connection -> Jdbc.query(connection, REGISTERED_STREAMS, rs -> rs.getString(1)));
        List<String[]> consumers = jdbc.detachedStatement(
                operation,
                connection -> Jdbc.query(
                        connection, REGISTERED_CONSUMERS, rs -> new String[] {rs.getString(1), rs.getString(2)}));
        streams.forEach(stream -> registerStream(operation + ": stream '" + stream + "'", stream));
        for (String[] consumer : consumers) {
            ensureTable(
                    operation + ": consumer '" + consumer[0] + "'",
                    CONSUMER_LAYOUT.of(TableNames.consumerTable(consumer[0])),
                    CONSUMER_LAYOUT_VERSION,
                    consumer[0],
                    consumerOwner(consumer[0]),
                    consumerCreate(consumer[0], consumer[1]));
        }
        return streams.size() + consumers.size();
    }

    /** Tables whose layout upgrade is still under way in the background (empty when all are current). */
    public Set<String> pendingUpgrades() {
        return upgrader.pending();
    }

    /**
     * Tables whose layout upgrade this engine started, finished or not: what a short-lived caller reports
     * (an upgrade of an empty table can be done before {@link #pendingUpgrades} is asked).
     */
    public Set<String> startedUpgrades() {
        return upgrader.started();
    }

    /**
     * Waits up to {@code timeout} for the background layout upgrades to finish; returns whether none is
     * left. For short-lived callers such as the CLI: stopping the engine cancels an upgrade under way.
     */
    public boolean awaitUpgrades(Duration timeout) throws InterruptedException {
        return upgrader.awaitIdle(timeout);
    }

    /**
     * Whether the registered consumer has these settings (null when it is not registered); fails when it
     * reads another stream.
     */
    private static Boolean readConsumer(Connection connection, ConsumerDefinition consumer, Object[] settings)
            throws SQLException {
        Registered registered = Jdbc.queryOne(
                connection,
                READ_CONSUMER,
                rs -> new Registered(rs.getString(1), rs.getBoolean(2)),
                concat(settings, new Object[] {consumer.name()}));
        if (registered == null) {
            return null;
        }
        if (!registered.stream().equals(consumer.stream())) {
            throw new KanthorqException("consumer '" + consumer.name() + "' reads stream '" + registered.stream()
                    + "' and cannot be moved to stream '" + consumer.stream()
                    + "': register a consumer with a new name instead");
        }
        return registered.unchanged();
    }

    // With DDL off every table is checked before anything is written, so that one failure lists them all.
    private void requireTables(List<String> streams, List<ConsumerDefinition> consumers) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<String> allStreams = new ArrayList<>(streams);
        consumers.forEach(consumer -> allStreams.add(consumer.stream()));
        for (String stream : allStreams) {
            if (seen.add(stream)) {
                addProblem(
                        problems,
                        STREAM_LAYOUT.of(TableNames.streamTable(stream)),
                        streamOwner(stream),
                        streamCreate(stream));
            }
        }
        for (ConsumerDefinition consumer : consumers) {
            addProblem(
                    problems,
                    CONSUMER_LAYOUT.of(TableNames.consumerTable(consumer.name())),
                    consumerOwner(consumer.name()),
                    consumerCreate(consumer.name(), consumer.stream()));
        }
        if (!problems.isEmpty()) {
            throw new MissingTablesException(problems);
        }
    }

    private void addProblem(List<String> problems, TableLayout.Table table, String owner, String create) {
        TableCatalog.State state = jdbc.detachedStatement(
                "check table " + table.name(), connection -> TableCatalog.read(connection, table));
        String problem = problem(table, state, owner, create);
        if (problem != null) {
            problems.add(problem);
        }
    }

    private static String problem(TableLayout.Table table, TableCatalog.State state, String owner, String create) {
        if (!state.exists()) {
            return "table " + table.name() + " of " + owner + " does not exist (create it: " + create + ")";
        }
        if (!state.missingColumns().isEmpty()) {
            return "table " + table.name() + " of " + owner + " lacks columns "
                    + state.missingColumns().stream()
                            .map(TableLayout.Column::name)
                            .toList() + " of layout "
                    + LAYOUT_VERSION + " (upgrade it in place: kanthorq migrate)";
        }
        return null;
    }

    private static String streamOwner(String stream) {
        return "stream '" + stream + "'";
    }

    private static String streamCreate(String stream) {
        return "kanthorq stream create " + stream;
    }

    private static String consumerOwner(String consumer) {
        return "consumer '" + consumer + "'";
    }

    private static String consumerCreate(String consumer, String stream) {
        return "kanthorq consumer create " + consumer + " --stream " + stream;
    }

    /** A consumer's registry row as registration reads it: its stream, and whether its settings are these. */
    private record Registered(String stream, boolean unchanged) {}

    // A table that exists is locked here only when it lacks columns of its layout; missing indexes are
    // built concurrently in the background. registryVersion records the layout on the registry row
    // (when there is one yet) in the transaction that adds the columns.
    private void ensureTable(
            String operation,
            TableLayout.Table table,
            String registryVersion,
            String name,
            String owner,
            String create) {
        TableCatalog.State state =
                jdbc.detachedStatement(operation, connection -> TableCatalog.read(connection, table));
        if (!ddl) {
            String problem = problem(table, state, owner, create);
            if (problem != null) {
                throw new MissingTablesException(List.of(problem));
            }
            if (!state.missing().isEmpty()) {
                log.warn(
                        "kanthorq: table {} lacks {} and DDL is off: reads of it may be slow until it is upgraded"
                                + " (kanthorq migrate, as a user allowed to create indexes)",
                        table.name(),
                        TableCatalog.describe(state.missing()));
            }
            return;
        }
        if (!state.exists()) {
            state = locks.inTransaction(operation, List.of(table.name()), connection -> {
                AdvisoryLocks.lockRegistration(connection);
                TableCatalog.State underLock = TableCatalog.read(connection, table);
                if (!underLock.exists()) {
                    Jdbc.execute(connection, table.create());
                    for (TableLayout.Index index : table.indexes()) {
                        Jdbc.execute(connection, index.create());
                    }
                    log.info("kanthorq: created table {}", table.name());
                    return TableCatalog.State.CURRENT;
                }
                return underLock; // created by another instance meanwhile
            });
        }
        if (!state.missingColumns().isEmpty()) {
            state = locks.inTransaction(operation, List.of(table.name()), connection -> {
                AdvisoryLocks.lockRegistration(connection);
                TableCatalog.State underLock = TableCatalog.read(connection, table);
                for (TableLayout.Column column : underLock.missingColumns()) {
                    Jdbc.execute(connection, column.add());
                }
                Jdbc.update(connection, registryVersion, LAYOUT_VERSION, name, LAYOUT_VERSION);
                if (!underLock.missingColumns().isEmpty()) {
                    log.info(
                            "kanthorq: upgraded table {} to layout {} (added {})",
                            table.name(),
                            LAYOUT_VERSION,
                            underLock.missingColumns().stream()
                                    .map(TableLayout.Column::name)
                                    .toList());
                }
                return new TableCatalog.State(true, List.of(), underLock.missing());
            });
        }
        if (!state.missing().isEmpty()) {
            log.debug("kanthorq: table {} lacks {}", table.name(), TableCatalog.describe(state.missing()));
            upgrader.upgrade(table);
        }
    }

    private static Object[] settings(ConsumerDefinition consumer) {
        return new Object[] {
            new Jdbc.SqlArray("text", consumer.subjects().toArray()),
            new Jdbc.SqlArray("text", consumer.excludeSubjects().toArray()),
            new Jdbc.SqlArray(
                    "text",
                    consumer.subjects().stream().map(SubjectPatterns::toRegex).toArray()),
            new Jdbc.SqlArray(
                    "text",
                    consumer.excludeSubjects().stream()
                            .map(SubjectPatterns::toRegex)
                            .toArray()),
            (short) consumer.attemptMax(),
            consumer.visibilityTimeout().toMillis(),
            consumer.backoff().initial().toMillis(),
            consumer.backoff().multiplier(),
            consumer.backoff().max().toMillis(),
            consumer.ordering().code(),
            consumer.onDiscard().code()
        };
    }

    private static Object[] concat(Object[] first, Object[] second) {
        Object[] all = new Object[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
