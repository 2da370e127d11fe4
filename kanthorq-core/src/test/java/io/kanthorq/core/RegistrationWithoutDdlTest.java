package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kanthorq.core.testsupport.EngineTest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registration with DDL off checks the tables, lists every missing one with its command, and creates nothing. */
class RegistrationWithoutDdlTest extends EngineTest {

    private Kanthorq withoutDdl() {
        Kanthorq engine = Kanthorq.builder(ConnectionProvider.of(schema.dataSource()))
                .ddl(false)
                .build();
        stopAfterTest(engine);
        return engine;
    }

    private long tables() throws Exception {
        return count("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
                + " AND tablename ~ '^kanthorq_(stream|consumer)_' AND tablename NOT IN"
                + " ('kanthorq_stream_registry', 'kanthorq_consumer_registry', 'kanthorq_consumer_minutes')");
    }

    @Test
    void listsEveryMissingTableWithTheCommandThatCreatesItAndCreatesNothing() throws Exception {
        long before = tables();

        MissingTablesException failure = catchThrowableOfType(
                MissingTablesException.class,
                () -> withoutDdl()
                        .registrar()
                        .registerAll(
                                List.of("payments"),
                                List.of(consumer("send_email", "order.>").build())));

        assertThat(failure.problems())
                .containsExactly(
                        "table kanthorq_stream_payments of stream 'payments' does not exist (create it: kanthorq"
                                + " stream create payments)",
                        "table kanthorq_stream_order_update of stream 'order_update' does not exist (create it:"
                                + " kanthorq stream create order_update)",
                        "table kanthorq_consumer_send_email of consumer 'send_email' does not exist (create it:"
                                + " kanthorq consumer create send_email --stream order_update)");
        assertThat(tables()).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM kanthorq_stream_registry")).isZero();
        assertThat(count("SELECT count(*) FROM kanthorq_consumer_registry")).isZero();
    }

    @Test
    void writesTheSettingsOfTablesCreatedElsewhereAndDeliversThroughThem() throws Exception {
        // what a DBA or deployment step does with a privileged user
        kanthorq.registrar().registerConsumer(consumer("send_email", "order.>").build());

        Kanthorq restricted = withoutDdl();
        restricted
                .registrar()
                .registerAll(
                        List.of(STREAM),
                        List.of(consumer("send_email", "order.>").attemptMax(7).build()));

        assertThat(count("SELECT attempt_max FROM kanthorq_consumer_registry WHERE name = 'send_email'"))
                .isEqualTo(7);
        assertThat(restricted.registrar().startedUpgrades()).isEmpty();
    }

    @Test
    void namesTablesOfAnEarlierLayoutAndMigrateUpgradesThemInPlace() throws Exception {
        register(consumer("send_email", "order.>").build());
        try (Connection connection = schema.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE kanthorq_consumer_send_email DROP COLUMN ordering_key");
        }

        MissingTablesException failure = catchThrowableOfType(
                MissingTablesException.class,
                () -> withoutDdl()
                        .registrar()
                        .registerConsumer(consumer("send_email", "order.>").build()));
        assertThat(failure.problems())
                .containsExactly("table kanthorq_consumer_send_email of consumer 'send_email' lacks columns"
                        + " [ordering_key] of layout 2 (upgrade it in place: kanthorq migrate)");

        // what kanthorq migrate runs
        assertThat(newEngine().registrar().upgradeRegistered()).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM pg_attribute WHERE attrelid = 'kanthorq_consumer_send_email'::regclass"
                        + " AND attname = 'ordering_key' AND NOT attisdropped"))
                .isEqualTo(1);
        withoutDdl()
                .registrar()
                .registerConsumer(consumer("send_email", "order.>").build());
    }

    @Test
    void upgradingRegisteredTablesNeedsDdl() {
        assertThat(catchThrowableOfType(
                                KanthorqException.class,
                                () -> withoutDdl().registrar().upgradeRegistered())
                        .getMessage())
                .contains("needs DDL");
    }
}
