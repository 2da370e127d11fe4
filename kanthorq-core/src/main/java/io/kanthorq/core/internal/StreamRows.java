package io.kanthorq.core.internal;

import io.kanthorq.core.Event;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Reading events from a stream table aliased {@code s}: the columns to select and the mapping. */
public final class StreamRows {

    /** The select list {@link #event} reads. */
    public static final String EVENT_COLUMNS = """
            s.id, s.subject, s.body, s.created_at, s.ordering_key, s.correlation_id, s.causation_id,
            """ + Sql.metadataArrays("s.metadata");

    private StreamRows() {}

    /** The event of a row that selected {@link #EVENT_COLUMNS}. */
    public static Event event(ResultSet rs) throws SQLException {
        return event(rs, "id");
    }

    /**
     * The event of a row with the columns of {@link #EVENT_COLUMNS}, its id in column {@code idColumn}
     * (the mover and the claim name it {@code event_id}).
     */
    public static Event event(ResultSet rs, String idColumn) throws SQLException {
        return new Event(
                rs.getString(idColumn),
                rs.getString("subject"),
                rs.getBytes("body"),
                Sql.metadata(rs),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                rs.getString("ordering_key"),
                rs.getString("correlation_id"),
                rs.getString("causation_id"));
    }
}
