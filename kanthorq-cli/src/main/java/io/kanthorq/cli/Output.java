package io.kanthorq.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes results: aligned text tables and {@code key: value} blocks for people, or JSON for scripts
 * ({@code --json}). Commands describe each result once, as ordered maps, and pick the columns a table
 * shows; JSON carries every field.
 */
final class Output {

    /** A table column: header and the map key it shows. */
    record Column(String header, String key) {}

    private final PrintWriter out;
    private final boolean json;

    Output(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    boolean json() {
        return json;
    }

    static Column column(String header, String key) {
        return new Column(header, key);
    }

    /** Rows as a table of {@code columns}, or as a JSON array of every field. */
    void rows(List<Column> columns, List<Map<String, Object>> rows) {
        if (json) {
            out.println(Json.write(rows));
            out.flush();
            return;
        }
        List<String[]> cells = new ArrayList<>();
        String[] header = columns.stream().map(Column::header).toArray(String[]::new);
        cells.add(header);
        for (Map<String, Object> row : rows) {
            cells.add(columns.stream().map(c -> text(row.get(c.key()))).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : cells) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(i == line.length - 1 ? line[i] : pad(line[i], widths[i] + 2));
            }
            out.println(text.toString().stripTrailing());
        }
        out.flush();
    }

    /** One result: {@code key: value} lines, or a JSON object. */
    void object(Map<String, Object> fields) {
        if (json) {
            out.println(Json.write(fields));
        } else {
            int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
            fields.forEach((key, value) -> out.println(pad(key + ":", width) + text(value)));
        }
        out.flush();
    }

    /** A message for people; in JSON mode {@code fields} instead. */
    void message(String text, Map<String, Object> fields) {
        out.println(json ? Json.write(fields) : text);
        out.flush();
    }

    /** Plain text, whatever the mode (sections of a human-readable block). */
    void text(String text) {
        out.println(text);
        out.flush();
    }

    static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static String text(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Instant instant) {
            return instant.truncatedTo(ChronoUnit.SECONDS).toString(); // ISO-8601, UTC: pasteable into --since
        }
        if (value instanceof Duration duration) {
            return Durations.format(duration);
        }
        if (value instanceof List<?> list) {
            return list.isEmpty()
                    ? "-"
                    : String.join(",", list.stream().map(String::valueOf).toList());
        }
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                return "-";
            }
            List<String> pairs = new ArrayList<>();
            map.forEach((k, v) -> pairs.add(k + "=" + v));
            return String.join(",", pairs);
        }
        return String.valueOf(value).replace('\n', ' ');
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
