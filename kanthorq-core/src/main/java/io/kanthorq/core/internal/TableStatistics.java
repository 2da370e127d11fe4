package io.kanthorq.core.internal;

import io.kanthorq.core.management.StreamInfo;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Row counts of big tables without counting them: a count that stops after
 * {@link StreamInfo#EXACT_COUNT_LIMIT} + 1 rows (exact for small tables), and above that the planner's
 * own estimate (rows per page from the last {@code ANALYZE} or {@code VACUUM}, times the table's current
 * number of pages).
 */
public final class TableStatistics {

    // reltuples is -1 before the first ANALYZE/VACUUM (PostgreSQL 14+), 0 with relpages 0 for a table
    // never analyzed on older releases: both mean "unknown".
    private static final String ESTIMATE = """
            SELECT CASE WHEN c.reltuples < 0 OR c.relpages = 0 THEN NULL
                        ELSE (c.reltuples / c.relpages
                              * (pg_relation_size(c.oid) / current_setting('block_size')::bigint))::bigint
                   END
            FROM pg_class c WHERE c.oid = to_regclass(?)
            """;

    private TableStatistics() {}

    /** The estimated rows of {@code table} (a validated name on the search path), or null when unknown. */
    public static Long estimatedRows(Connection connection, String table) throws SQLException {
        return Jdbc.queryOne(connection, ESTIMATE, rs -> Jdbc.getLong(rs, 1), table);
    }

    /**
     * {@code counted} rows were found by a count stopped after {@link StreamInfo#EXACT_COUNT_LIMIT} + 1
     * rows: exact below the limit, else the larger of the estimate and the limit.
     */
    public static long countOrEstimate(long counted, Long estimate) {
        if (counted <= StreamInfo.EXACT_COUNT_LIMIT) {
            return counted;
        }
        return Math.max(counted, estimate == null ? 0 : estimate);
    }

    /** Whether a count stopped after {@link StreamInfo#EXACT_COUNT_LIMIT} + 1 rows was exact. */
    public static boolean exact(long counted) {
        return counted <= StreamInfo.EXACT_COUNT_LIMIT;
    }
}
