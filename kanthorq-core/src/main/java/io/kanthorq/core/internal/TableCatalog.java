package io.kanthorq.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What the catalog says about a table of a {@link TableLayout}: whether it exists and which of its
 * indexes are missing. Reading it locks only catalog rows, never the table itself ({@code to_regclass}
 * resolves the name without a lock), so registering an unchanged topology never queues behind a
 * publisher's or a worker's open transaction.
 */
public final class TableCatalog {

    /**
     * The table's state: {@code missingColumns} lists the layout's added columns it lacks,
     * {@code missing} the indexes that do not exist or are invalid.
     */
    public record State(boolean exists, List<TableLayout.Column> missingColumns, List<TableLayout.Index> missing) {

        /** A table that exists with every column and index of its layout. */
        public static final State CURRENT = new State(true, List.of(), List.of());
    }

    // An index left invalid (a concurrent build that failed or was cancelled) counts as missing.
    private static final String VALID_INDEXES = """
            SELECT t.oid IS NOT NULL,
                   coalesce((SELECT array_agg(c.relname::text) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                             WHERE i.indrelid = t.oid AND i.indisvalid), '{}'),
                   coalesce((SELECT array_agg(a.attname::text) FROM pg_attribute a
                             WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped), '{}')
            FROM (SELECT to_regclass(?)::oid AS oid) t
            """;

    private TableCatalog() {}

    public static State read(Connection connection, TableLayout.Table table) throws SQLException {
        return Jdbc.queryOne(
                connection,
                VALID_INDEXES,
                rs -> {
                    if (!rs.getBoolean(1)) {
                        return new State(false, table.columns(), table.indexes());
                    }
                    Set<Object> valid = Set.of((Object[]) rs.getArray(2).getArray());
                    Set<Object> columns = Set.of((Object[]) rs.getArray(3).getArray());
                    return new State(
                            true,
                            table.columns().stream()
                                    .filter(column -> !columns.contains(column.name()))
                                    .toList(),
                            table.indexes().stream()
                                    .filter(index -> !valid.contains(index.name()))
                                    .toList());
                },
                table.name());
    }

    /** Whether an index named {@code index} exists on any table, valid or not (a build may be under way). */
    public static boolean indexExists(Connection connection, String index) throws SQLException {
        return Boolean.TRUE.equals(
                Jdbc.queryOne(connection, "SELECT to_regclass(?) IS NOT NULL", rs -> rs.getBoolean(1), index));
    }

    public static String describe(List<TableLayout.Index> indexes) {
        return Arrays.toString(indexes.stream().map(TableLayout.Index::name).toArray());
    }
}
