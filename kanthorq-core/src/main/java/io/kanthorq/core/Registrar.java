package io.kanthorq.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers streams and consumers: creates their tables from the layout templates and upserts the
 * registry rows. Idempotent, serialized across instances by a transaction-scoped advisory lock.
 */
public final class Registrar {

    /** Layout version of the per-stream and per-consumer tables this release creates. */
    public static final int LAYOUT_VERSION = 1;

    private static final Logger log = LoggerFactory.getLogger(Registrar.class);

    /** Arbitrary constant key of the registration advisory lock ("kanthorq" in ASCII). */
    private static final long REGISTRATION_LOCK = 0x6b616e74686f7271L;

    private static final String STREAM_TEMPLATE = template("stream_v1.sql");
    private static final String CONSUMER_TEMPLATE = template("consumer_v1.sql");
    private static final String STREAM_CREATED_INDEX = template("stream_created_index.sql");

    private static final String INSERT_STREAM = Sql.format("""
            INSERT INTO kanthorq_stream_registry (name, layout_version, created_at, updated_at)
            VALUES (?, ?, {now}, {now})
            ON CONFLICT (name) DO NOTHING
            """);

    private static final String FIND_CONSUMER_STREAM = """
            SELECT stream_name FROM kanthorq_consumer_registry WHERE name = ?
            """;

    // The cursor is written only when the row is new: re-registration updates settings, never progress.
    private static final String UPSERT_CONSUMER = Sql.format("""
            INSERT INTO kanthorq_consumer_registry (name, stream_name, subject_includes, subject_excludes,
                subject_include_regex, subject_exclude_regex, cursor_snapshot, attempt_max, visibility_timeout_ms,
                backoff_initial_ms, backoff_multiplier, backoff_max_ms, layout_version, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, CASE WHEN ? THEN pg_current_snapshot() ELSE '1:1:'::pg_snapshot END,
                ?, ?, ?, ?, ?, ?, {now}, {now})
            ON CONFLICT (name) DO UPDATE SET
                subject_includes = excluded.subject_includes,
                subject_excludes = excluded.subject_excludes,
                subject_include_regex = excluded.subject_include_regex,
                subject_exclude_regex = excluded.subject_exclude_regex,
                attempt_max = excluded.attempt_max,
                visibility_timeout_ms = excluded.visibility_timeout_ms,
                backoff_initial_ms = excluded.backoff_initial_ms,
                backoff_multiplier = excluded.backoff_multiplier,
                backoff_max_ms = excluded.backoff_max_ms,
                updated_at = excluded.updated_at
            """);

    private final Jdbc jdbc;

    Registrar(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates stream {@code name} (table and registry row) if it does not exist yet. */
    public void registerStream(String name) {
        Names.requireValid("stream", name);
        jdbc.detached("register stream '" + name + "'", connection -> {
            lock(connection);
            createStream(connection, name);
            return null;
        });
    }

    /**
     * Creates or updates a consumer (and its stream when missing). Changed settings are applied;
     * the cursor is kept. A consumer cannot move to another stream.
     */
    public void registerConsumer(ConsumerDefinition consumer) {
        jdbc.detached("register consumer '" + consumer.name() + "'", connection -> {
            lock(connection);
            String existingStream = streamOf(connection, consumer.name());
            if (existingStream != null && !existingStream.equals(consumer.stream())) {
                throw new KanthorqException("consumer '" + consumer.name() + "' reads stream '" + existingStream
                        + "' and cannot be moved to stream '" + consumer.stream()
                        + "': register a consumer with a new name instead");
            }
            createStream(connection, consumer.stream());
            String table = Names.consumerTable(consumer.name());
            Jdbc.execute(connection, CONSUMER_TEMPLATE.formatted(table, Names.indexPrefix(table)));
            Jdbc.update(connection, UPSERT_CONSUMER,
                    consumer.name(), consumer.stream(),
                    new Jdbc.SqlArray("text", consumer.subjects().toArray()),
                    new Jdbc.SqlArray("text", consumer.excludeSubjects().toArray()),
                    new Jdbc.SqlArray("text", consumer.subjects().stream().map(Subjects::toRegex).toArray()),
                    new Jdbc.SqlArray("text", consumer.excludeSubjects().stream().map(Subjects::toRegex).toArray()),
                    consumer.startFrom() == StartFrom.LATEST,
                    (short) consumer.attemptMax(), consumer.visibilityTimeout().toMillis(),
                    consumer.backoff().initial().toMillis(), consumer.backoff().multiplier(),
                    consumer.backoff().max().toMillis(), LAYOUT_VERSION);
            log.debug("kanthorq: registered consumer {} on stream {}", consumer.name(), consumer.stream());
            return null;
        });
    }

    /** Registers every stream of {@code streams} and every consumer of {@code consumers}. */
    public void registerAll(List<String> streams, List<ConsumerDefinition> consumers) {
        streams.forEach(this::registerStream);
        consumers.forEach(this::registerConsumer);
    }

    /** The stream consumer {@code consumer} reads, or null when it is not registered. */
    static String streamOf(Connection connection, String consumer) throws SQLException {
        return Jdbc.queryOne(connection, FIND_CONSUMER_STREAM, rs -> rs.getString(1), consumer);
    }

    private static void createStream(Connection connection, String name) throws SQLException {
        String table = Names.streamTable(name);
        Jdbc.execute(connection, STREAM_TEMPLATE.formatted(table, Names.indexPrefix(table)));
        Jdbc.execute(connection, STREAM_CREATED_INDEX.formatted(table, Names.indexPrefix(table)));
        Jdbc.update(connection, INSERT_STREAM, name, LAYOUT_VERSION);
    }

    /** Takes the registration lock for the rest of the transaction (also used to remove consumers). */
    static void lock(Connection connection) throws SQLException {
        Jdbc.query(connection, "SELECT pg_advisory_xact_lock(?)", rs -> null, REGISTRATION_LOCK);
    }

    private static String template(String file) {
        String path = "/db/kanthorq/layout/" + file;
        try (InputStream in = Registrar.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("kanthorq: missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("kanthorq: cannot read " + path, e);
        }
    }
}
