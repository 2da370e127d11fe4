package io.kanthorq.core.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One batch of a scan of a stream in {@code (created_at, id)} order, as replay and event retention run
 * it: how many rows the batch read, how many it changed, and where the next batch starts. The
 * statement's first four columns are those numbers and the last row's {@code created_at} and
 * {@code id} (null when the batch read nothing).
 *
 * @param scanned rows the batch read
 * @param changed rows it changed (requeued or deleted)
 * @param next    the position after the batch
 */
public record TimePage(long scanned, long changed, Position next) {

    /** A position in {@code (created_at, id)} order: the next batch reads rows after it. */
    public record Position(long createdAt, String id) {

        /** The position before every row created at or after {@code createdAt}. */
        public static Position before(long createdAt) {
            return new Position(createdAt, "");
        }
    }

    /**
     * Runs one batch: {@code sql}'s parameters are {@code first}, the position ({@code created_at},
     * {@code id}) the batch starts after, then {@code rest}.
     */
    public static TimePage query(Connection connection, String sql, Position from, Object first, Object... rest)
            throws SQLException {
        Object[] params = new Object[rest.length + 3];
        params[0] = first;
        params[1] = from.createdAt();
        params[2] = from.id();
        System.arraycopy(rest, 0, params, 3, rest.length);
        return Jdbc.queryOne(connection, sql, rs -> read(rs, from), params);
    }

    /** Reads the batch's row; {@code from} is where the batch started. */
    public static TimePage read(ResultSet rs, Position from) throws SQLException {
        Long last = Jdbc.getLong(rs, 3);
        return new TimePage(rs.getLong(1), rs.getLong(2), last == null ? from : new Position(last, rs.getString(4)));
    }

    /** Whether the batch read fewer rows than it could: the scan is done. */
    public boolean last(int batchSize) {
        return scanned < batchSize;
    }
}
