package io.kanthorq.core.management;

import io.kanthorq.core.Event;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.StreamRows;
import io.kanthorq.core.internal.SubjectPatterns;
import io.kanthorq.core.internal.TableNames;
import io.kanthorq.core.internal.TableStatistics;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads streams for the management API: their figures, and their events by time and subject. */
final class StreamInspector {

    private static final String STREAMS = """
            SELECT r.name, r.layout_version, r.created_at,
                   (SELECT count(*) FROM kanthorq_consumer_registry c WHERE c.stream_name = r.name) AS consumers
            FROM kanthorq_stream_registry r
            WHERE ?::text IS NULL OR r.name = ?
            ORDER BY r.name
            """;

    // min/max are single index probes on (created_at, id); the count stops after the exact limit
    private static final String FIGURES = """
            SELECT (SELECT min(created_at) FROM %1$s), (SELECT max(created_at) FROM %1$s),
                   (SELECT count(*) FROM (SELECT 1 FROM %1$s LIMIT ?) x)
            """;

    private static final String EVENT_COLUMNS = "SELECT " + StreamRows.EVENT_COLUMNS + "\nFROM %1$s s\n";

    private static final String EVENT = EVENT_COLUMNS + "WHERE s.id = ?";

    // The root by its primary key, the rest through the partial chain index (correlation_id <> id).
    private static final String CHAIN = "(" + EVENT_COLUMNS + "WHERE s.id = ?)\nUNION ALL\n(" + EVENT_COLUMNS
            + "WHERE s.correlation_id = ? AND s.correlation_id <> s.id)\nORDER BY id\nLIMIT ?";

    private final Jdbc jdbc;

    StreamInspector(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    List<StreamInfo> streams(String only) {
        return jdbc.detached("list streams", connection -> {
            List<StreamInfo> streams = new ArrayList<>();
            for (Object[] row : Jdbc.query(
                    connection,
                    STREAMS,
                    rs -> new Object[] {rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getInt(4)},
                    only,
                    only)) {
                streams.add(figures(connection, (String) row[0], (int) row[1], (long) row[2], (int) row[3]));
            }
            return streams;
        });
    }

    /** The oldest and newest event times and the event count, stopped after the exact-count limit. */
    private record Figures(Instant oldest, Instant newest, long counted) {}

    private static StreamInfo figures(Connection connection, String name, int layout, long createdAt, int consumers)
            throws SQLException {
        String table = TableNames.streamTable(name);
        Figures figures = Jdbc.queryOne(
                connection,
                FIGURES.formatted(table),
                rs -> new Figures(
                        TaskOperations.instant(Jdbc.getLong(rs, 1)),
                        TaskOperations.instant(Jdbc.getLong(rs, 2)),
                        rs.getLong(3)),
                StreamInfo.EXACT_COUNT_LIMIT + 1);
        boolean exact = TableStatistics.exact(figures.counted());
        long count = exact
                ? figures.counted()
                : TableStatistics.countOrEstimate(figures.counted(), TableStatistics.estimatedRows(connection, table));
        return new StreamInfo(
                name,
                count,
                exact,
                figures.oldest(),
                figures.newest(),
                consumers,
                layout,
                Instant.ofEpochMilli(createdAt));
    }

    List<Event> events(String stream, EventQuery query) {
        StringBuilder sql =
                new StringBuilder(EVENT_COLUMNS.formatted(TableNames.streamTable(stream))).append("WHERE true");
        List<Object> params = new ArrayList<>();
        if (query.since() != null) {
            sql.append(" AND s.created_at >= ?");
            params.add(query.since().toEpochMilli());
        }
        if (query.until() != null) {
            sql.append(" AND s.created_at < ?");
            params.add(query.until().toEpochMilli());
        }
        if (query.afterId() != null) {
            sql.append(" AND (s.created_at, s.id) > (?, ?)");
            params.add(query.afterCreatedAt().toEpochMilli());
            params.add(query.afterId());
        }
        if (query.subject() != null) {
            sql.append(" AND s.subject ~ ?");
            params.add(SubjectPatterns.toRegex(query.subject()));
        }
        sql.append(" ORDER BY s.created_at, s.id LIMIT ?");
        params.add(query.limit());
        return jdbc.detachedStatement(
                "query events of stream '" + stream + "'",
                connection -> Jdbc.query(connection, sql.toString(), StreamInspector::event, params.toArray()));
    }

    Optional<Event> event(String stream, String id) {
        String sql = EVENT.formatted(TableNames.streamTable(stream));
        return jdbc.detachedStatement(
                "read event " + id + " of stream '" + stream + "'",
                connection -> Optional.ofNullable(Jdbc.queryOne(connection, sql, StreamInspector::event, id)));
    }

    List<Event> chain(String stream, String correlationId, int limit) {
        String sql = CHAIN.formatted(TableNames.streamTable(stream));
        return jdbc.detachedStatement(
                "read chain " + correlationId + " of stream '" + stream + "'",
                connection -> Jdbc.query(connection, sql, StreamInspector::event, correlationId, correlationId, limit));
    }

    static Event event(ResultSet rs) throws SQLException {
        return StreamRows.event(rs);
    }
}
