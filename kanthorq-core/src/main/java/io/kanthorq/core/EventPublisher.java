package io.kanthorq.core;

import com.github.f4b6a3.ulid.UlidCreator;
import io.kanthorq.core.internal.CurrentTask;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.LocalPublishes;
import io.kanthorq.core.internal.Observations;
import io.kanthorq.core.internal.Sql;
import io.kanthorq.core.internal.SqlTemplate;
import io.kanthorq.core.internal.StreamRows;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Appends events to streams. Every call is one statement (a batch is one multi-row insert) that also
 * notifies waiting workers; PostgreSQL folds identical notifications of one transaction into one, so
 * a transaction wakes the workers of a stream once, at commit. A publish that commits on its own
 * (auto-commit) also wakes this engine's workers directly as soon as it returns, without waiting for
 * the notification's trip through the server; with polling only (behind a pooler) this is how this
 * engine's own publishes reach its workers at once.
 *
 * <p>{@link PublishOptions} add an ordering key, an idempotency key, a delivery time and a correlation
 * id. An idempotent publish relies on the stream's unique index of keys: inside a transaction it inserts
 * with {@code ON CONFLICT DO NOTHING}; committing on its own it first inserts without the clause and,
 * when a key exists (the statement fails alone), again with it. Under READ COMMITTED a publish racing
 * another with the same key waits for it and then returns its event; under REPEATABLE READ or
 * SERIALIZABLE that race can end in a serialization failure (SQLSTATE 40001), to be retried like any
 * other.
 *
 * <p>Event chains: an event published on the thread of a handler running for task T (through this
 * publisher, directly or through the starter's) gets causation = T's event and correlation = T's
 * event's correlation (an explicit {@link PublishOptions#withCorrelationId} wins for the correlation);
 * any other event is the root of its own chain.
 *
 * <p>Events are validated (subject, body size, metadata) before the database is touched.
 * {@link #publish(String, NewEvent)} uses the provider's connection, which joins a caller's
 * transaction when the provider hands one out; the {@code Connection} overloads use the caller's
 * connection and never commit it.
 */
public final class EventPublisher {

    /** Default largest body: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_SIZE = 1024 * 1024;

    private static final String UNDEFINED_TABLE = "42P01";
    private static final String UNDEFINED_COLUMN = "42703";

    // Without metadata (the common case) the column default '{}' is used: no arrays to bind.
    // The plain paths (no metadata, no options: the common case) bind no arrays they do not need. A
    // root event stores its own id as its correlation id.
    private static final SqlTemplate INSERT_ONE_PLAIN = SqlTemplate.of(Sql.format("""
            WITH inserted AS (
                INSERT INTO %s (id, subject, body, created_at, correlation_id)
                VALUES (?, ?, ?, {now}, ?)
                RETURNING created_at
            )
            SELECT created_at, pg_notify('%s', ?) FROM inserted
            """, "%1$s", Sql.CHANNEL));

    // A data-modifying CTE runs to completion whether read or not, and {now} is one value per
    // statement: no RETURNING rows to collect. Rows go in array order, which is id order.
    private static final SqlTemplate INSERT_MANY_PLAIN = SqlTemplate.of(Sql.format("""
            WITH inserted AS (
                INSERT INTO %s (id, subject, body, created_at, correlation_id)
                SELECT r.id, r.subject, r.body, {now}, r.id
                FROM unnest(?::text[], ?::text[], ?::bytea[]) AS r(id, subject, body)
            )
            SELECT {now}, pg_notify('%s', ?)
            """, "%1$s", Sql.CHANNEL));

    // Everything else: per event an ordering key, an idempotency key, a delivery time (epoch ms) or delay,
    // a correlation id, a causation id (the event whose handler publishes), and metadata as three parallel
    // arrays (row number, key, value), so a batch stays one statement without a JSON library in core.
    // %2$s ends the statement: INSERTS_ALL or SKIPS_EXISTING_KEYS.
    private static final String INSERT_WITH_OPTIONS = Sql.format("""
            WITH rows AS (
                SELECT r.*
                FROM unnest(?::text[], ?::text[], ?::bytea[], ?::text[], ?::text[], ?::bigint[], ?::bigint[],
                            ?::text[], ?::text[])
                     WITH ORDINALITY AS r(id, subject, body, okey, ikey, at_ms, delay_ms, corr, cause, ord)
            ), meta AS (
                SELECT m.ord, jsonb_object_agg(m.k, m.v) AS metadata
                FROM unnest(?::bigint[], ?::text[], ?::text[]) AS m(ord, k, v)
                GROUP BY m.ord
            ), inserted AS (
                INSERT INTO %1$s (id, subject, body, metadata, created_at, ordering_key, idempotency_key,
                                   deliver_at, correlation_id, causation_id)
                SELECT rows.id, rows.subject, rows.body, coalesce(meta.metadata, '{}'::jsonb), {now}, rows.okey,
                       rows.ikey, coalesce(rows.at_ms, {now} + rows.delay_ms), coalesce(rows.corr, rows.id),
                       rows.cause
                FROM rows LEFT JOIN meta ON meta.ord = rows.ord
                ORDER BY rows.ord
            %2$s""");

    // Batches whose events carry keys only (ordering and/or idempotency keys: no metadata, delivery time,
    // correlation or causation): five arrays, no join and no sort, like the plain batch.
    private static final String INSERT_WITH_KEYS = Sql.format("""
            WITH inserted AS (
                INSERT INTO %1$s (id, subject, body, created_at, correlation_id, ordering_key, idempotency_key)
                SELECT r.id, r.subject, r.body, {now}, r.id, r.okey, r.ikey
                FROM unnest(?::text[], ?::text[], ?::bytea[], ?::text[], ?::text[]) AS r(id, subject, body, okey, ikey)
            %2$s""");

    // How a batch statement ends when every row is inserted or the statement fails: no RETURNING rows to
    // collect and count (a NULL count stands for all), as the plain batch.
    private static final String INSERTS_ALL = Sql.format("""
            )
            SELECT NULL::bigint, {now}, pg_notify('%s', ?)
            """, Sql.CHANNEL);

    private static final String ON_KEY_CONFLICT =
            "ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING";

    // How a batch statement ends when events whose idempotency key exists are skipped: a key that exists
    // already (or is being inserted by a transaction still open, which is waited for) inserts nothing and
    // returns nothing. Notifies only when something was inserted.
    private static final String SKIPS_EXISTING_KEYS = Sql.format("""
                %s
                RETURNING created_at
            )
            SELECT i.n, i.created_at, CASE WHEN i.n > 0 THEN pg_notify('%s', ?) END
            FROM (SELECT count(*) AS n, max(created_at) AS created_at FROM inserted) i
            """, ON_KEY_CONFLICT, Sql.CHANNEL);

    // One event with keys only: scalar parameters, as the plain single publish binds; inserted for sure
    // (or failing), or skipped when its idempotency key exists.
    private static final String INSERT_ONE_WITH_KEYS = """
            WITH inserted AS (
                INSERT INTO %1$s (id, subject, body, created_at, correlation_id, ordering_key, idempotency_key)
                VALUES (?, ?, ?, {now}, ?, ?, ?)
            """;

    private static final SqlTemplate INSERT_ONE_KEYS =
            SqlTemplate.of(Sql.format(INSERT_ONE_WITH_KEYS + """
                RETURNING created_at
            )
            SELECT NULL::bigint, created_at, pg_notify('%2$s', ?) FROM inserted
            """, "%1$s", Sql.CHANNEL));

    private static final SqlTemplate INSERT_ONE_KEYS_IDEMPOTENT =
            SqlTemplate.of(Sql.format(INSERT_ONE_WITH_KEYS + """
                %2$s
                RETURNING created_at
            )
            SELECT (SELECT count(*) FROM inserted), (SELECT created_at FROM inserted),
                   (SELECT pg_notify('%3$s', ?) FROM inserted)
            """, "%1$s", ON_KEY_CONFLICT, Sql.CHANNEL));

    private static final SqlTemplate INSERT_KEYS = SqlTemplate.of(INSERT_WITH_KEYS.formatted("%1$s", INSERTS_ALL));

    private static final SqlTemplate INSERT_KEYS_IDEMPOTENT =
            SqlTemplate.of(INSERT_WITH_KEYS.formatted("%1$s", SKIPS_EXISTING_KEYS));

    private static final SqlTemplate INSERT_OPTIONS =
            SqlTemplate.of(INSERT_WITH_OPTIONS.formatted("%1$s", INSERTS_ALL));

    private static final SqlTemplate INSERT_IDEMPOTENT =
            SqlTemplate.of(INSERT_WITH_OPTIONS.formatted("%1$s", SKIPS_EXISTING_KEYS));

    // The events that won: committed before this statement began (READ COMMITTED), so a publish that
    // waited for a concurrent one with the same key finds its event here.
    private static final SqlTemplate FIND_BY_IDEMPOTENCY_KEY = SqlTemplate.of("SELECT s.idempotency_key, "
            + StreamRows.EVENT_COLUMNS + "\nFROM %1$s s WHERE s.idempotency_key = ANY (?::text[])\n");

    // The ids of a round that are in the table: the events it inserted (the others repeated a key).
    private static final SqlTemplate INSERTED_IDS = SqlTemplate.of("SELECT id FROM %1$s WHERE id = ANY (?::text[])");

    /** Attempts to insert or find an idempotent event whose first copy vanished meanwhile (retention). */
    private static final int IDEMPOTENT_ROUNDS = 3;

    private static final String NO_UNIQUE_INDEX = "42P10";

    private final Jdbc jdbc;
    private final int maxBodySize;
    private final LocalPublishes localPublishes;
    private final Observations observations;
    private final Map<String, LongAdder> repeatsByStream = new ConcurrentHashMap<>();

    EventPublisher(Jdbc jdbc, int maxBodySize, LocalPublishes localPublishes, Observations observations) {
        if (maxBodySize < 1) {
            throw new InvalidInputException("max-body-size must be at least 1 byte, got " + maxBodySize);
        }
        this.jdbc = jdbc;
        this.maxBodySize = maxBodySize;
        this.localPublishes = localPublishes;
        this.observations = observations;
    }

    /**
     * How many events this publisher did not write because their idempotency key had been published
     * already (each such call returned the first event instead).
     */
    public long idempotentRepeats() {
        return repeatsByStream.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** {@link #idempotentRepeats()} of stream {@code stream}. */
    public long idempotentRepeats(String stream) {
        LongAdder repeats = repeatsByStream.get(stream);
        return repeats == null ? 0 : repeats.sum();
    }

    /** The largest body accepted, in bytes. */
    public int maxBodySize() {
        return maxBodySize;
    }

    /** Publishes one event on the provider's connection (joining its transaction if there is one). */
    public Event publish(String stream, NewEvent event) {
        return publishAll(stream, List.of(event)).get(0);
    }

    /** Publishes a batch in one statement on the provider's connection. */
    public List<Event> publishAll(String stream, List<NewEvent> events) {
        validate(stream, events);
        if (events.isEmpty()) {
            return List.of();
        }
        Connection connection = null;
        try {
            connection = jdbc.provider().acquire();
            return insertAndWake(connection, stream, events);
        } catch (SQLException e) {
            throw publishFailure(stream, e);
        } finally {
            release(connection);
        }
    }

    /** Publishes one event with {@code options} on the provider's connection. */
    public Event publish(String stream, NewEvent event, PublishOptions options) {
        return publishAll(stream, List.of(event), options).get(0);
    }

    /**
     * Publishes a batch in one statement on the provider's connection, every event with {@code options}
     * where its own options leave a field unset. Events repeating an idempotency key (of the stream, or
     * of an earlier event of the batch) are not written: each gets the first event of its key.
     */
    public List<Event> publishAll(String stream, List<NewEvent> events, PublishOptions options) {
        return publishAll(stream, withOptions(events, options));
    }

    /** Publishes one event with {@code options} on {@code connection}, inside its open transaction. */
    public Event publish(Connection connection, String stream, NewEvent event, PublishOptions options) {
        return publishAll(connection, stream, List.of(event), options).get(0);
    }

    /** Publishes a batch with {@code options} in one statement on {@code connection}, inside its open transaction. */
    public List<Event> publishAll(Connection connection, String stream, List<NewEvent> events, PublishOptions options) {
        return publishAll(connection, stream, withOptions(events, options));
    }

    private static List<NewEvent> withOptions(List<NewEvent> events, PublishOptions options) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(options, "options");
        if (options.isDefault()) {
            return events;
        }
        List<NewEvent> with = new ArrayList<>(events.size());
        for (NewEvent event : events) {
            Objects.requireNonNull(event, "event");
            with.add(event.withOptions(event.options().orElse(options)));
        }
        return with;
    }

    /** Publishes one event on {@code connection}, inside whatever transaction it has open. */
    public Event publish(Connection connection, String stream, NewEvent event) {
        return publishAll(connection, stream, List.of(event)).get(0);
    }

    /** Publishes a batch in one statement on {@code connection}, inside its open transaction. */
    public List<Event> publishAll(Connection connection, String stream, List<NewEvent> events) {
        Objects.requireNonNull(connection, "connection");
        validate(stream, events);
        if (events.isEmpty()) {
            return List.of();
        }
        try {
            return insertAndWake(connection, stream, events);
        } catch (SQLException e) {
            throw publishFailure(stream, e);
        }
    }

    private List<Event> insertAndWake(Connection connection, String stream, List<NewEvent> events) throws SQLException {
        Observations.Publish observed =
                observations.publish(stream, events.get(0).subject(), events.size());
        Throwable error = null;
        try {
            return insertAndWakeObserved(connection, stream, withTraceContext(events, observed.metadata()));
        } catch (SQLException | RuntimeException e) {
            error = e;
            throw e;
        } finally {
            observed.close(error);
        }
    }

    /** The events with {@code context} (the trace context of the publish) added to their metadata. */
    private static List<NewEvent> withTraceContext(List<NewEvent> events, Map<String, String> context) {
        if (context.isEmpty()) {
            return events;
        }
        List<NewEvent> with = new ArrayList<>(events.size());
        for (NewEvent event : events) {
            Map<String, String> metadata = new HashMap<>(context);
            metadata.putAll(event.metadata()); // what the caller set wins
            with.add(new NewEvent(event.subject(), event.body(), metadata, event.options()));
        }
        return with;
    }

    private List<Event> insertAndWakeObserved(Connection connection, String stream, List<NewEvent> events)
            throws SQLException {
        if (!connection.getAutoCommit()) {
            return insert(connection, stream, events); // inside a transaction: its commit notifies
        }
        // the statement commits on its own: this engine's workers can be woken as soon as it returns
        int started = localPublishes.starting(connection, stream);
        boolean committed = false;
        try {
            List<Event> published = insert(connection, stream, events);
            committed = true;
            return published;
        } finally {
            localPublishes.finished(started, stream, committed);
        }
    }

    private void validate(String stream, List<NewEvent> events) {
        Names.requireValid("stream", stream);
        Objects.requireNonNull(events, "events");
        for (NewEvent event : events) {
            Objects.requireNonNull(event, "event");
            Subjects.requireValid(event.subject());
            if (event.body().length > maxBodySize) {
                throw new InvalidInputException(
                        "event body of " + event.body().length + " bytes exceeds max-body-size of " + maxBodySize
                                + " bytes (stream '" + stream + "', subject '" + event.subject() + "')");
            }
            for (Map.Entry<String, String> entry : event.metadata().entrySet()) {
                if (entry.getKey().isEmpty()) {
                    throw new InvalidInputException("metadata keys must not be empty (stream '" + stream + "')");
                }
            }
        }
    }

    private List<Event> insert(Connection connection, String stream, List<NewEvent> events) throws SQLException {
        // published by a handler: the events join the chain of the handler's task
        Event parent = CurrentTask.event();
        boolean plain = parent == null
                && events.stream()
                        .allMatch(event ->
                                event.metadata().isEmpty() && event.options().isDefault());
        if (!plain) {
            return new OptionsBatch(stream, events, parent).publish(connection);
        }
        String[] ids = newIds(events.size());
        long createdAt;
        if (events.size() == 1) {
            NewEvent event = events.get(0);
            createdAt = Jdbc.queryOne(
                    connection,
                    INSERT_ONE_PLAIN.forStream(stream),
                    rs -> rs.getLong(1),
                    ids[0],
                    event.subject(),
                    event.body(),
                    ids[0],
                    stream);
        } else {
            String[] subjects = new String[events.size()];
            byte[][] bodies = new byte[events.size()][];
            for (int i = 0; i < events.size(); i++) {
                subjects[i] = events.get(i).subject();
                bodies[i] = events.get(i).body();
            }
            createdAt = Jdbc.queryOne(
                    connection,
                    INSERT_MANY_PLAIN.forStream(stream),
                    rs -> rs.getLong(1),
                    new Jdbc.SqlArray("text", ids),
                    new Jdbc.SqlArray("text", subjects),
                    new Jdbc.SqlArray("bytea", bodies),
                    stream);
        }
        Instant created = Instant.ofEpochMilli(createdAt);
        List<Event> published = new ArrayList<>(events.size());
        for (int i = 0; i < ids.length; i++) {
            NewEvent event = events.get(i);
            published.add(new Event(ids[i], event.subject(), event.body(), Map.of(), created));
        }
        return published;
    }

    private static String[] newIds(int n) {
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = UlidCreator.getMonotonicUlid().toString();
        }
        return ids;
    }

    /**
     * A batch of which some events carry options or metadata. Events repeating an idempotency key of
     * an earlier event of the batch are not sent: they get the earlier one's result.
     */
    private final class OptionsBatch {
        private final String stream;
        private final List<NewEvent> events;
        /** Per event, the index of the event that is inserted for it (itself, or its key's first). */
        private final int[] firstOf;

        private final Map<String, Event> existing = new HashMap<>();
        private final LongAdder repeats;
        private final Event parent;

        OptionsBatch(String stream, List<NewEvent> events, Event parent) {
            this.stream = stream;
            this.events = events;
            this.parent = parent;
            this.firstOf = new int[events.size()];
            this.repeats = repeatsByStream.computeIfAbsent(stream, s -> new LongAdder());
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < events.size(); i++) {
                String key = events.get(i).options().idempotencyKey();
                Integer first = key == null ? null : seen.putIfAbsent(key, i);
                firstOf[i] = first == null ? i : first;
            }
        }

        List<Event> publish(Connection connection) throws SQLException {
            List<Integer> toInsert = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                if (firstOf[i] == i) {
                    toInsert.add(i);
                }
            }
            Event[] results = new Event[events.size()];
            for (int round = 1; !toInsert.isEmpty(); round++) {
                if (round > IDEMPOTENT_ROUNDS) {
                    throw new KanthorqException("kanthorq: idempotent publish to stream '" + stream + "' found the"
                            + " first event of a key neither insertable nor readable " + IDEMPOTENT_ROUNDS
                            + " times in a row (deleted by retention while being published again?)");
                }
                toInsert = insertRound(connection, toInsert, results);
            }
            for (int i = 0; i < events.size(); i++) {
                if (firstOf[i] != i) {
                    results[i] = results[firstOf[i]];
                    repeats.increment();
                }
            }
            return List.of(results);
        }

        /** Inserts {@code indexes}, fills {@code results}; returns those neither inserted nor found. */
        private List<Integer> insertRound(Connection connection, List<Integer> indexes, Event[] results)
                throws SQLException {
            int n = indexes.size();
            String[] ids = newIds(n);
            String[] subjects = new String[n];
            byte[][] bodies = new byte[n][];
            String[] keys = new String[n];
            String[] idempotencyKeys = new String[n];
            Long[] deliverAt = new Long[n];
            Long[] delays = new Long[n];
            String[] correlations = new String[n];
            String[] causations = new String[n];
            List<Map<String, String>> metadata = new ArrayList<>(n);
            List<Long> metaRows = new ArrayList<>();
            List<String> metaKeys = new ArrayList<>();
            List<String> metaValues = new ArrayList<>();
            boolean idempotent = false;
            for (int j = 0; j < n; j++) {
                NewEvent event = events.get(indexes.get(j));
                PublishOptions options = event.options();
                subjects[j] = event.subject();
                bodies[j] = event.body();
                keys[j] = options.key();
                idempotencyKeys[j] = options.idempotencyKey();
                idempotent |= options.idempotencyKey() != null;
                deliverAt[j] =
                        options.deliverAt() == null ? null : options.deliverAt().toEpochMilli();
                delays[j] = options.delay() == null ? null : options.delay().toMillis();
                correlations[j] = options.correlationId() != null
                        ? options.correlationId()
                        : parent == null ? null : parent.correlationId();
                causations[j] = parent == null ? null : parent.id();
                metadata.add(metadata(event));
                for (Map.Entry<String, String> entry : metadata.get(j).entrySet()) {
                    metaRows.add((long) j + 1);
                    metaKeys.add(entry.getKey());
                    metaValues.add(entry.getValue());
                }
            }
            boolean keysOnly = metaRows.isEmpty()
                    && parent == null
                    && allNull(deliverAt)
                    && allNull(delays)
                    && allNull(correlations);
            List<Object> params = new ArrayList<>();
            if (keysOnly && n == 1) {
                params.addAll(Arrays.asList(ids[0], subjects[0], bodies[0], ids[0], keys[0], idempotencyKeys[0]));
            } else {
                params.addAll(List.of(
                        new Jdbc.SqlArray("text", ids),
                        new Jdbc.SqlArray("text", subjects),
                        new Jdbc.SqlArray("bytea", bodies),
                        new Jdbc.SqlArray("text", keys),
                        new Jdbc.SqlArray("text", idempotencyKeys)));
                if (!keysOnly) {
                    params.addAll(List.of(
                            new Jdbc.SqlArray("bigint", deliverAt),
                            new Jdbc.SqlArray("bigint", delays),
                            new Jdbc.SqlArray("text", correlations),
                            new Jdbc.SqlArray("text", causations),
                            new Jdbc.SqlArray("bigint", metaRows.toArray()),
                            new Jdbc.SqlArray("text", metaKeys.toArray()),
                            new Jdbc.SqlArray("text", metaValues.toArray())));
                }
            }
            params.add(stream);
            // In a transaction of its own, an idempotent round first inserts without the conflict clause:
            // keys are nearly always new, and a plain insert checks the unique index once where ON CONFLICT
            // probes it first and then inserts speculatively. A key that exists (or is being inserted by an
            // open transaction, which is waited for) fails that statement alone (23505, rolled back by
            // auto-commit); the round then runs again with the clause. Inside a caller's transaction a
            // failed statement would abort it, so the clause is used from the start.
            boolean optimistic = idempotent && connection.getAutoCommit();
            long[] outcome;
            try {
                outcome = insertStatement(connection, keysOnly, n, idempotent && !optimistic, params);
            } catch (SQLException e) {
                if (!optimistic || !Jdbc.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                outcome = insertStatement(connection, keysOnly, n, true, params);
            }
            Set<String> inserted = outcome[0] == n || outcome[0] == 0 ? Set.of() : insertedIds(connection, ids);
            boolean all = outcome[0] == n;
            Instant created = Instant.ofEpochMilli(outcome[1]);
            List<Integer> repeated = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                int i = indexes.get(j);
                NewEvent event = events.get(i);
                if (all || inserted.contains(ids[j])) {
                    results[i] = new Event(
                            ids[j],
                            event.subject(),
                            event.body(),
                            metadata.get(j),
                            created,
                            keys[j],
                            correlations[j],
                            causations[j]);
                } else {
                    repeated.add(i);
                }
            }
            if (repeated.isEmpty()) {
                return List.of();
            }
            findExisting(connection, repeated);
            List<Integer> vanished = new ArrayList<>();
            for (int i : repeated) {
                Event first = existing.get(events.get(i).options().idempotencyKey());
                if (first == null) {
                    vanished.add(i);
                } else {
                    results[i] = first;
                    repeats.increment();
                }
            }
            return vanished;
        }

        /** Runs one insert round's statement; returns how many events it inserted and their creation time. */
        private long[] insertStatement(
                Connection connection, boolean keysOnly, int n, boolean skipExisting, List<Object> params)
                throws SQLException {
            SqlTemplate statement = keysOnly && n == 1
                    ? (skipExisting ? INSERT_ONE_KEYS_IDEMPOTENT : INSERT_ONE_KEYS)
                    : keysOnly
                            ? (skipExisting ? INSERT_KEYS_IDEMPOTENT : INSERT_KEYS)
                            : (skipExisting ? INSERT_IDEMPOTENT : INSERT_OPTIONS);
            return Jdbc.queryOne(
                    connection,
                    statement.forStream(stream),
                    rs -> new long[] {rs.getObject(1) == null ? n : rs.getLong(1), rs.getLong(2)},
                    params.toArray());
        }

        /** Which of {@code ids} a round inserted, when it inserted some but not all (keys repeated). */
        private Set<String> insertedIds(Connection connection, String[] ids) throws SQLException {
            return new HashSet<>(Jdbc.query(
                    connection, INSERTED_IDS.forStream(stream), rs -> rs.getString(1), new Jdbc.SqlArray("text", ids)));
        }

        private void findExisting(Connection connection, List<Integer> indexes) throws SQLException {
            Object[] keys = indexes.stream()
                    .map(i -> events.get(i).options().idempotencyKey())
                    .toArray();
            Jdbc.query(
                    connection,
                    FIND_BY_IDEMPOTENCY_KEY.forStream(stream),
                    rs -> existing.put(rs.getString("idempotency_key"), StreamRows.event(rs)),
                    new Jdbc.SqlArray("text", keys));
        }
    }

    private static boolean allNull(Object[] values) {
        for (Object value : values) {
            if (value != null) {
                return false;
            }
        }
        return true;
    }

    /** The event's metadata over its options' metadata. */
    private static Map<String, String> metadata(NewEvent event) {
        if (event.options().metadata().isEmpty()) {
            return event.metadata();
        }
        Map<String, String> merged = new HashMap<>(event.options().metadata());
        merged.putAll(event.metadata());
        return merged;
    }

    private static KanthorqException publishFailure(String stream, SQLException e) {
        if (UNDEFINED_TABLE.equals(e.getSQLState())) {
            return new KanthorqException(
                    "kanthorq: stream '" + stream
                            + "' is not registered: declare it (or a consumer that reads it) before publishing",
                    e);
        }
        if (NO_UNIQUE_INDEX.equals(e.getSQLState())) {
            return new KanthorqException(
                    "kanthorq: stream '" + stream + "' cannot take idempotent publishes yet: its idempotency index"
                            + " is still being built by the layout upgrade (see the log of the instance that"
                            + " registered it); publish again shortly",
                    e);
        }
        if (UNDEFINED_COLUMN.equals(e.getSQLState())) {
            return new KanthorqException(
                    "kanthorq: the table of stream '" + stream + "' has an older layout: register the stream with"
                            + " this release first (starting an application with it registers it)",
                    e);
        }
        return Jdbc.failure("publish to stream '" + stream + "'", e);
    }

    private void release(Connection connection) {
        if (connection != null) {
            try {
                jdbc.provider().release(connection);
            } catch (SQLException e) {
                // nothing to add: the publish outcome is already decided
            }
        }
    }
}
