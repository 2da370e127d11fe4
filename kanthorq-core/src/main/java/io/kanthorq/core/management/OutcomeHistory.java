package io.kanthorq.core.management;

import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.internal.Jdbc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code kanthorq_consumer_minutes}, the per-minute outcome counts every instance's workers add:
 * a bounded read (at most one row per consumer and minute), whatever the size of the task tables.
 */
final class OutcomeHistory {

    static final int MAX_MINUTES = 24 * 60;

    private static final String READ = """
            WITH now AS (SELECT floor(extract(epoch from statement_timestamp()) / 60)::bigint AS minute)
            SELECT now.minute, m.consumer_name, m.minute, m.completed, m.retried, m.discarded
            FROM now LEFT JOIN kanthorq_consumer_minutes m ON m.minute > now.minute - ?
            """;

    private static final String CONSUMERS = "SELECT name FROM kanthorq_consumer_registry ORDER BY name";

    private final Jdbc jdbc;

    OutcomeHistory(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The last {@code minutes} minutes (the current one included) of every registered consumer, zeros filled in. */
    Map<String, List<OutcomeMinute>> last(int minutes) {
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new InvalidInputException("minutes must be between 1 and " + MAX_MINUTES + ", got " + minutes);
        }
        Map<String, Map<Long, long[]>> rows = new HashMap<>();
        long[] now = new long[1];
        List<String> consumers = new ArrayList<>();
        jdbc.detached("read outcome counts", connection -> {
            consumers.addAll(Jdbc.query(connection, CONSUMERS, rs -> rs.getString(1)));
            return Jdbc.query(
                    connection,
                    READ,
                    rs -> {
                        now[0] = rs.getLong(1);
                        String consumer = rs.getString(2);
                        if (consumer != null) {
                            rows.computeIfAbsent(consumer, c -> new HashMap<>())
                                    .put(rs.getLong(3), new long[] {rs.getLong(4), rs.getLong(5), rs.getLong(6)});
                        }
                        return null;
                    },
                    minutes);
        });
        Map<String, List<OutcomeMinute>> result = new LinkedHashMap<>();
        for (String consumer : consumers) {
            Map<Long, long[]> counted = rows.getOrDefault(consumer, Map.of());
            List<OutcomeMinute> series = new ArrayList<>(minutes);
            for (long minute = now[0] - minutes + 1; minute <= now[0]; minute++) {
                long[] n = counted.getOrDefault(minute, new long[3]);
                series.add(new OutcomeMinute(Instant.ofEpochSecond(minute * 60), n[0], n[1], n[2]));
            }
            result.put(consumer, series);
        }
        return result;
    }
}
