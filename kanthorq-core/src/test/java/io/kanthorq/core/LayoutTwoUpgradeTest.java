package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.EngineTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class LayoutTwoUpgradeTest extends EngineTest {

    @Test
    void registrationUpgradesLayoutOneTablesInPlaceAndTheirOldEventsReadAsRootsWithoutKeys() throws Exception {
        register(consumer("upgraded_two", "order.>").build());
        downgradeToLayoutOne();
        try (Connection connection = schema.connect();
                Statement statement = connection.createStatement()) {
            // an event as the first release wrote it
            statement.execute("INSERT INTO kanthorq_stream_order_update (id, subject, body, created_at)"
                    + " VALUES ('01JOLDEVENT0000000000000000', 'order.created', 'old'::bytea, 1)");
        }

        Kanthorq restarted = newEngine();
        restarted
                .registrar()
                .registerConsumer(consumer("upgraded_two", "order.>").build());

        assertThat(count("SELECT count(*) FROM pg_attribute WHERE attrelid = 'kanthorq_stream_order_update'::regclass"
                        + " AND attname IN ('ordering_key', 'idempotency_key', 'deliver_at', 'correlation_id',"
                        + " 'causation_id') AND NOT attisdropped"))
                .isEqualTo(5);
        assertThat(count("SELECT count(*) FROM pg_attribute WHERE attrelid = 'kanthorq_consumer_upgraded_two'::regclass"
                        + " AND attname IN ('ordering_key', 'delivery_seq') AND NOT attisdropped"))
                .isEqualTo(2);
        assertThat(count("SELECT min(layout_version) FROM kanthorq_stream_registry"))
                .isEqualTo(2);
        assertThat(count("SELECT min(layout_version) FROM kanthorq_consumer_registry"))
                .isEqualTo(2);
        assertThat(restarted.registrar().awaitUpgrades(Duration.ofSeconds(30))).isTrue();

        Event idempotent = restarted
                .publisher()
                .publish(
                        STREAM,
                        NewEvent.of("order.created", "new"),
                        PublishOptions.DEFAULT.withIdempotencyKey("after-upgrade"));
        Queue<Event> handled = new ConcurrentLinkedQueue<>();
        restarted.startWorker("upgraded_two", task -> handled.add(task.event()), fastOptions());

        await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 2);
        Event old = handled.stream()
                .filter(e -> e.bodyAsString().equals("old"))
                .findFirst()
                .orElseThrow();
        assertThat(old.correlationId()).isEqualTo(old.id());
        assertThat(old.causationId()).isNull();
        assertThat(old.orderingKey()).isNull();
        assertThat(handled).extracting(Event::id).contains(idempotent.id());
    }

    @Test
    void anUnchangedLayoutTwoTableIsNotAlteredAgain() throws Exception {
        register(consumer("current_two", "order.>").build());
        long before = count(
                "SELECT count(*) FROM pg_attribute WHERE attrelid" + " = 'kanthorq_stream_order_update'::regclass");

        newEngine()
                .registrar()
                .registerConsumer(consumer("current_two", "order.>").build());

        assertThat(count("SELECT count(*) FROM pg_attribute WHERE attrelid = 'kanthorq_stream_order_update'::regclass"))
                .as("no column added, none dropped and re-added")
                .isEqualTo(before);
    }

    /** Turns the tables into what the first release created: no layout-2 columns or indexes. */
    private void downgradeToLayoutOne() throws SQLException {
        try (Connection connection = schema.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE kanthorq_stream_order_update DROP COLUMN ordering_key,"
                    + " DROP COLUMN idempotency_key, DROP COLUMN deliver_at, DROP COLUMN correlation_id,"
                    + " DROP COLUMN causation_id");
            statement.execute(
                    "ALTER TABLE kanthorq_consumer_upgraded_two DROP COLUMN ordering_key, DROP COLUMN delivery_seq");
            statement.execute("UPDATE kanthorq_stream_registry SET layout_version = 1");
            statement.execute("UPDATE kanthorq_consumer_registry SET layout_version = 1");
        }
    }
}
