package io.kanthorq.core.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Reads of the registry rows that several engine parts need. */
public final class Registry {

    private static final String CONSUMER_STREAM = "SELECT stream_name FROM kanthorq_consumer_registry WHERE name = ?";

    private static final String CONSUMER_ORDERED =
            "SELECT ordering = 'key' FROM kanthorq_consumer_registry WHERE name = ?";

    private Registry() {}

    /** Whether consumer {@code consumer} is ordered by key ({@code false} when it is not registered). */
    public static boolean orderedByKey(Connection connection, String consumer) throws SQLException {
        return Boolean.TRUE.equals(Jdbc.queryOne(connection, CONSUMER_ORDERED, rs -> rs.getBoolean(1), consumer));
    }

    /** The stream consumer {@code consumer} reads, or null when it is not registered. */
    public static String streamOf(Connection connection, String consumer) throws SQLException {
        return Jdbc.queryOne(connection, CONSUMER_STREAM, rs -> rs.getString(1), consumer);
    }
}
