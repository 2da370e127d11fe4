package io.kanthorq.benchmarks;

import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.Kanthorq;
import java.sql.Connection;
import java.sql.SQLException;

/** Fills a stream and a consumer with finished history, as a long-running installation has. */
final class History {

    private History() {}

    /** {@code rows} old events, each with a Completed task in {@code consumer}, then ANALYZE. */
    static void fill(BenchDatabase.Schema schema, String consumer, int rows) throws SQLException {
        Kanthorq kanthorq = Workloads.engine(schema.dataSource());
        kanthorq.registrar()
                .registerConsumer(
                        ConsumerDefinition.builder(consumer, Workloads.STREAM).build());
        String stream = "kanthorq_stream_" + Workloads.STREAM;
        String tasks = "kanthorq_consumer_" + consumer;
        try (Connection connection = schema.connect()) {
            // 26-character ids starting "00" sort below every current ULID ("01…"); bodies like real ones
            connection
                    .createStatement()
                    .execute("INSERT INTO " + stream + " (id, subject, body, created_at)"
                            + " SELECT '00' || lpad(g::text, 24, '0'), 'order.created', "
                            + "convert_to(repeat('x', 100), 'UTF8'), 0 FROM generate_series(1, " + rows + ") g");
            connection
                    .createStatement()
                    .execute("INSERT INTO " + tasks + " (event_id, subject, state, schedule_at,"
                            + " finalized_at, attempt_count, attempted_at, claim, created_at, updated_at)"
                            + " SELECT id, subject, 101, 0, 0, 1, 0, 0, 0, 0 FROM " + stream);
            connection
                    .createStatement()
                    .execute("UPDATE kanthorq_consumer_registry SET cursor_snapshot = "
                            + "pg_current_snapshot() WHERE name = '" + consumer + "'");
            connection.createStatement().execute("VACUUM ANALYZE " + stream);
            connection.createStatement().execute("VACUUM ANALYZE " + tasks);
        }
    }
}
