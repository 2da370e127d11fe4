package io.kanthorq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.ConsumerDefinition;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code consumer create --update} and {@code stream create} while the application works the consumer. */
class RegistrationFromCliTest extends CliTest {

    @Test
    void updatingAConsumerWhileAMoveHoldsItsRowDoesNotDeadlock() throws Exception {
        kanthorq.registrar()
                .registerConsumer(ConsumerDefinition.builder("ledger", STREAM)
                        .subjects("order.>")
                        .build());
        try (Connection mover = schema.connect()) {
            mover.setAutoCommit(false);
            execute(mover, "SELECT 1 FROM kanthorq_consumer_registry WHERE name = 'ledger' FOR UPDATE");
            CompletableFuture<Run> update = CompletableFuture.supplyAsync(() -> cli(
                    "consumer",
                    "create",
                    "ledger",
                    "--stream",
                    STREAM,
                    "--subject",
                    "order.>",
                    "--attempt-max",
                    "4",
                    "--update"));
            await().atMost(Duration.ofSeconds(5)).until(() -> update.isDone() || waitingForALock());
            execute(
                    mover,
                    "INSERT INTO kanthorq_consumer_ledger (event_id, subject, state, schedule_at, created_at,"
                            + " updated_at) VALUES ('e1', 'order.created', 1, 0, 0, 0)");
            mover.commit();
            Run run = update.get(10, TimeUnit.SECONDS);
            assertThat(run.exitCode()).as(run.err()).isZero();
        }
        assertThat(cli("consumer", "describe", "ledger", "--json").jsonValue("attemptMax"))
                .isEqualTo("4");
    }

    @Test
    void streamCreateBuildsAMissingIndexBeforeItExits() throws Exception {
        kanthorq.registrar().registerStream(STREAM);
        String index;
        try (Connection admin = schema.connect();
                var rs = admin.createStatement()
                        .executeQuery("SELECT indexname" + " FROM pg_indexes WHERE tablename = 'kanthorq_stream_"
                                + STREAM + "' AND indexname LIKE '%\\_created'")) {
            rs.next();
            index = rs.getString(1);
            execute(admin, "DROP INDEX " + index);
        }

        Run run = cli("stream", "create", STREAM);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("building the missing index(es) of kanthorq_stream_" + STREAM);
        try (Connection admin = schema.connect();
                var rs = admin.createStatement()
                        .executeQuery(
                                "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = '"
                                        + index + "' AND i.indisvalid")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(1);
        }
    }

    private boolean waitingForALock() throws SQLException {
        try (Connection connection = schema.connect();
                var rs = connection
                        .createStatement()
                        .executeQuery(
                                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                        + " AND query LIKE '%kanthorq_consumer_registry%' AND query NOT LIKE '%pg_stat_activity%'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
