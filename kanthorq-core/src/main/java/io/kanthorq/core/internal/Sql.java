package io.kanthorq.core.internal;

import io.kanthorq.core.TaskState;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** SQL fragments shared by the engine's statements. */
public final class Sql {

    /**
     * Now in epoch milliseconds by the database clock. {@code statement_timestamp()} is stable within
     * a statement, so comparisons against it can use indexes (unlike {@code clock_timestamp()}).
     */
    public static final String NOW_MS = "(extract(epoch from statement_timestamp()) * 1000)::bigint";

    /** The channel every publish notifies, with the stream name as payload. */
    public static final String CHANNEL = "kanthorq";

    /**
     * Backoff in ms after the attempt of task {@code t}, from registry row {@code r}: initial ×
     * multiplier^(attempt-1), capped, with ±10% jitter. The exponent is capped so power() cannot overflow.
     */
    public static final String BACKOFF_MS = """
            least(r.backoff_max_ms::float8,
                  r.backoff_initial_ms * power(r.backoff_multiplier, least(greatest(t.attempt_count - 1, 0), 64))
                  * (0.9 + random() * 0.2))::bigint""";

    private Sql() {}

    /**
     * Columns {@code keys} and {@code vals}: the metadata object in {@code column} as two aligned text
     * arrays (core has no JSON library), NULL when it is empty — most events have no metadata, and
     * then the two sub-plans are skipped.
     */
    public static String metadataArrays(String column) {
        return "CASE WHEN " + column + " <> '{}' THEN (SELECT array_agg(e.key) FROM jsonb_each_text(" + column
                + ") e) END AS keys,\n"
                + "CASE WHEN " + column + " <> '{}' THEN (SELECT array_agg(e.value) FROM jsonb_each_text(" + column
                + ") e) END AS vals";
    }

    /** The metadata map of a row that selected {@link #metadataArrays}. */
    public static Map<String, String> metadata(ResultSet rs) throws SQLException {
        Array keys = rs.getArray("keys");
        if (keys == null) {
            return Map.of();
        }
        String[] k = (String[]) keys.getArray();
        String[] v = (String[]) rs.getArray("vals").getArray();
        Map<String, String> map = new HashMap<>(k.length * 2);
        for (int i = 0; i < k.length; i++) {
            map.put(k[i], v[i]);
        }
        return map;
    }

    /**
     * Replaces {@code {now}} with {@link #NOW_MS} and each {@code {STATE}} token (e.g. {@code {RUNNING}})
     * with that {@link TaskState}'s code, and fills {@code %s} slots with validated names (when any are
     * given; templates filled later keep their slots).
     */
    public static String format(String template, Object... validatedNames) {
        String withNow = template.replace("{now}", NOW_MS);
        for (TaskState state : TaskState.values()) {
            withNow = withNow.replace("{" + state.name() + "}", Short.toString(state.code()));
        }
        if (withNow.matches("(?s).*\\{[A-Z]+\\}.*")) {
            throw new IllegalStateException("kanthorq: unknown token in " + withNow);
        }
        return validatedNames.length == 0 ? withNow : withNow.formatted(validatedNames);
    }
}
