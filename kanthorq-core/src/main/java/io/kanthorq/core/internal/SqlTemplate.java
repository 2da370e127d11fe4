package io.kanthorq.core.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A statement over per-consumer tables, filled in once per consumer (or stream) and kept: {@code %1$s}
 * becomes the consumer's task table and {@code %2$s} its stream's table, or {@code %1$s} the stream's
 * table for a statement on the stream alone. The worker's hot path then formats and
 * validates nothing per call; the number of fillings is bounded by the registered consumers.
 */
public final class SqlTemplate {

    /** Fillings kept at most: names come from registered consumers, but a caller may pass any valid name. */
    private static final int MAX_KEPT = 1024;

    private final String template;
    private final Map<List<String>, String> filled = new ConcurrentHashMap<>();

    private SqlTemplate(String template) {
        this.template = template;
    }

    /** A template whose {@code %1$s} and {@code %2$s} slots take a task table and a stream table. */
    public static SqlTemplate of(String template) {
        return new SqlTemplate(template);
    }

    /** The statement for {@code consumer}'s task table ({@code %1$s}). */
    public String forConsumer(String consumer) {
        return filled.computeIfAbsent(List.of(consumer), key -> template.formatted(TableNames.consumerTable(consumer)));
    }

    /** The statement for {@code consumer}'s task table ({@code %1$s}) and {@code stream}'s table ({@code %2$s}). */
    public String forConsumerAndStream(String consumer, String stream) {
        return kept(
                List.of(consumer, stream),
                () -> template.formatted(TableNames.consumerTable(consumer), TableNames.streamTable(stream)));
    }

    /** The statement for {@code stream}'s table ({@code %1$s}). */
    public String forStream(String stream) {
        return kept(List.of("", stream), () -> template.formatted(TableNames.streamTable(stream)));
    }

    private String kept(List<String> key, Supplier<String> fill) {
        String sql = filled.get(key);
        if (sql == null) {
            sql = fill.get();
            if (filled.size() < MAX_KEPT) {
                filled.putIfAbsent(key, sql);
            }
        }
        return sql;
    }
}
