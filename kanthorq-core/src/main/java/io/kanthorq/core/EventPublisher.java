package io.kanthorq.core;

import com.github.f4b6a3.ulid.UlidCreator;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.LocalPublishes;
import io.kanthorq.core.internal.Sql;
import io.kanthorq.core.internal.SqlTemplate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Appends events to streams. Every call is one statement (a batch is one multi-row insert) that also
 * notifies waiting workers; PostgreSQL folds identical notifications of one transaction into one, so
 * a transaction wakes the workers of a stream once, at commit. A publish that commits on its own
 * (auto-commit) also wakes this engine's workers directly as soon as it returns, without waiting for
 * the notification's trip through the server; with polling only (behind a pooler) this is how this
 * engine's own publishes reach its workers at once.
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

    // Without metadata (the common case) the column default '{}' is used: no arrays to bind.
    private static final SqlTemplate INSERT_ONE_PLAIN = SqlTemplate.of(Sql.format("""
            WITH inserted AS (
                INSERT INTO %s (id, subject, body, created_at)
                VALUES (?, ?, ?, {now})
                RETURNING created_at
            )
            SELECT created_at, pg_notify('%s', ?) FROM inserted
            """, "%1$s", Sql.CHANNEL));

    // A data-modifying CTE runs to completion whether read or not, and {now} is one value per
    // statement: no RETURNING rows to collect. Rows go in array order, which is id order.
    private static final SqlTemplate INSERT_MANY_PLAIN = SqlTemplate.of(Sql.format("""
            WITH inserted AS (
                INSERT INTO %s (id, subject, body, created_at)
                SELECT r.id, r.subject, r.body, {now}
                FROM unnest(?::text[], ?::text[], ?::bytea[]) AS r(id, subject, body)
            )
            SELECT {now}, pg_notify('%s', ?)
            """, "%1$s", Sql.CHANNEL));

    private static final SqlTemplate INSERT_ONE = SqlTemplate.of(Sql.format("""
            WITH inserted AS (
                INSERT INTO %s (id, subject, body, metadata, created_at)
                VALUES (?, ?, ?, jsonb_object(?::text[], ?::text[]), {now})
                RETURNING created_at
            )
            SELECT created_at, pg_notify('%s', ?) FROM inserted
            """, "%1$s", Sql.CHANNEL));

    // Metadata travels as three parallel arrays (row number, key, value) so the batch stays one
    // statement without a JSON library in core.
    private static final SqlTemplate INSERT_MANY = SqlTemplate.of(Sql.format("""
            WITH rows AS (
                SELECT r.id, r.subject, r.body, r.ord
                FROM unnest(?::text[], ?::text[], ?::bytea[]) WITH ORDINALITY AS r(id, subject, body, ord)
            ), meta AS (
                SELECT m.ord, jsonb_object_agg(m.k, m.v) AS metadata
                FROM unnest(?::bigint[], ?::text[], ?::text[]) AS m(ord, k, v)
                GROUP BY m.ord
            ), inserted AS (
                INSERT INTO %s (id, subject, body, metadata, created_at)
                SELECT rows.id, rows.subject, rows.body, coalesce(meta.metadata, '{}'::jsonb), {now}
                FROM rows LEFT JOIN meta ON meta.ord = rows.ord
                ORDER BY rows.ord
                RETURNING created_at
            )
            SELECT (SELECT max(created_at) FROM inserted), pg_notify('%s', ?)
            """, "%1$s", Sql.CHANNEL));

    private final Jdbc jdbc;
    private final int maxBodySize;
    private final LocalPublishes localPublishes;

    EventPublisher(Jdbc jdbc, int maxBodySize, LocalPublishes localPublishes) {
        if (maxBodySize < 1) {
            throw new InvalidInputException("max-body-size must be at least 1 byte, got " + maxBodySize);
        }
        this.jdbc = jdbc;
        this.maxBodySize = maxBodySize;
        this.localPublishes = localPublishes;
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
        String[] ids = new String[events.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = UlidCreator.getMonotonicUlid().toString();
        }
        boolean withMetadata =
                events.stream().anyMatch(event -> !event.metadata().isEmpty());
        long createdAt;
        if (events.size() == 1 && !withMetadata) {
            NewEvent event = events.get(0);
            createdAt = Jdbc.queryOne(
                    connection,
                    INSERT_ONE_PLAIN.forStream(stream),
                    rs -> rs.getLong(1),
                    ids[0],
                    event.subject(),
                    event.body(),
                    stream);
        } else if (events.size() == 1) {
            NewEvent event = events.get(0);
            createdAt = Jdbc.queryOne(
                    connection,
                    INSERT_ONE.forStream(stream),
                    rs -> rs.getLong(1),
                    ids[0],
                    event.subject(),
                    event.body(),
                    new Jdbc.SqlArray("text", event.metadata().keySet().toArray()),
                    new Jdbc.SqlArray("text", event.metadata().values().toArray()),
                    stream);
        } else {
            String[] subjects = new String[events.size()];
            byte[][] bodies = new byte[events.size()][];
            List<Long> metaRows = new ArrayList<>();
            List<String> metaKeys = new ArrayList<>();
            List<String> metaValues = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                NewEvent event = events.get(i);
                subjects[i] = event.subject();
                bodies[i] = event.body();
                for (Map.Entry<String, String> entry : event.metadata().entrySet()) {
                    metaRows.add((long) i + 1);
                    metaKeys.add(entry.getKey());
                    metaValues.add(entry.getValue());
                }
            }
            List<Object> params = new ArrayList<>(List.of(
                    new Jdbc.SqlArray("text", ids),
                    new Jdbc.SqlArray("text", subjects),
                    new Jdbc.SqlArray("bytea", bodies)));
            if (withMetadata) {
                params.add(new Jdbc.SqlArray("bigint", metaRows.toArray()));
                params.add(new Jdbc.SqlArray("text", metaKeys.toArray()));
                params.add(new Jdbc.SqlArray("text", metaValues.toArray()));
            }
            params.add(stream);
            createdAt = Jdbc.queryOne(
                    connection,
                    (withMetadata ? INSERT_MANY : INSERT_MANY_PLAIN).forStream(stream),
                    rs -> rs.getLong(1),
                    params.toArray());
        }
        Instant created = Instant.ofEpochMilli(createdAt);
        List<Event> published = new ArrayList<>(events.size());
        for (int i = 0; i < ids.length; i++) {
            NewEvent event = events.get(i);
            published.add(new Event(ids[i], event.subject(), event.body(), event.metadata(), created));
        }
        return published;
    }

    private static KanthorqException publishFailure(String stream, SQLException e) {
        if (UNDEFINED_TABLE.equals(e.getSQLState())) {
            return new KanthorqException(
                    "kanthorq: stream '" + stream
                            + "' is not registered: declare it (or a consumer that reads it) before publishing",
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
