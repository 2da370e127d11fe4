package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.internal.AdvisoryLocks;
import io.kanthorq.core.internal.TableNames;
import io.kanthorq.core.testsupport.EngineTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Registration at every application start, while other sessions publish, move and hold long
 * transactions: no deadlock, no wait behind unrelated transactions, bounded waits with a clear error.
 */
class RegistrationLocksTest extends EngineTest {

    @Test
    void reRegistrationAndAMoveOfTheSameConsumerBothSucceed() throws Exception {
        int attemptMax = 3;
        register(consumer("racing", "order.>").attemptMax(attemptMax).build());
        for (int round = 0; round < 20; round++) {
            // odd rounds change a setting (the registry row is written), even rounds change nothing
            attemptMax = round % 2 == 1 ? attemptMax + 1 : attemptMax;
            int registered = attemptMax;
            try (Connection mover = schema.connect()) {
                mover.setAutoCommit(false);
                execute(mover, "SELECT 1 FROM kanthorq_consumer_registry WHERE name = 'racing' FOR UPDATE");
                CompletableFuture<Void> registration = CompletableFuture.runAsync(() -> register(
                        consumer("racing", "order.>").attemptMax(registered).build()));
                await().atMost(Duration.ofSeconds(5)).until(() -> registration.isDone() || waitingForALock());
                execute(
                        mover,
                        "INSERT INTO kanthorq_consumer_racing (event_id, subject, state, schedule_at, created_at,"
                                + " updated_at) VALUES ('e" + round + "', 'order.created', 1, 0, 0, 0)");
                mover.commit();
                registration.get(5, TimeUnit.SECONDS);
            }
            assertThat(count("SELECT attempt_max FROM kanthorq_consumer_registry WHERE name = 'racing'"))
                    .isEqualTo(attemptMax);
        }
        assertThat(count("SELECT count(*) FROM kanthorq_consumer_racing")).isEqualTo(20);
    }

    @Test
    void reRegistrationDoesNotWaitForAnOpenTransactionThatPublishedNorDelayAPublish() throws Exception {
        register(consumer("patient", "order.>").build());
        try (Connection business = schema.connect()) {
            business.setAutoCommit(false);
            kanthorq.publisher().publish(business, STREAM, NewEvent.of("order.created", "held"));

            long started = System.nanoTime();
            CompletableFuture<Void> unchanged = CompletableFuture.runAsync(
                    () -> register(consumer("patient", "order.>").build()));
            CompletableFuture<Void> changed = CompletableFuture.runAsync(
                    () -> register(consumer("patient", "order.>").attemptMax(7).build()));
            CompletableFuture<Event> publish = CompletableFuture.supplyAsync(() -> publish("order.created", "other"));
            CompletableFuture.allOf(unchanged, changed, publish).get(3, TimeUnit.SECONDS);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            business.commit();
        }
        assertThat(count("SELECT attempt_max FROM kanthorq_consumer_registry WHERE name = 'patient'"))
                .isEqualTo(7);
    }

    @Test
    void aLayoutUpgradeBehindALongTransactionDoesNotHoldUpTheStartAndHappensOnceItEnds() throws Exception {
        register(consumer("upgraded", "order.>").build());
        String table = TableNames.streamTable(STREAM);
        String index = TableNames.indexPrefix(table) + "_created";
        try (Connection admin = schema.connect()) {
            execute(admin, "DROP INDEX " + index); // as a stream of an earlier release
        }
        try (Connection business = schema.connect()) {
            business.setAutoCommit(false);
            kanthorq.publisher().publish(business, STREAM, NewEvent.of("order.created", "held"));

            Kanthorq restarted = newEngine();
            CompletableFuture.runAsync(() -> restarted
                            .registrar()
                            .registerConsumer(consumer("upgraded", "order.>").build()))
                    .get(2, TimeUnit.SECONDS);
            Event published = restarted.publisher().publish(STREAM, NewEvent.of("order.created", "during upgrade"));

            assertThat(restarted.registrar().pendingUpgrades()).containsExactly(table);
            assertThat(validIndex(index)).isFalse();
            assertThat(published.id()).isNotNull();
            await().pollDelay(Duration.ofSeconds(1)).until(() -> true); // let the upgrader meet the open transaction
            assertThat(validIndex(index)).isFalse();
            business.commit();

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> restarted.registrar().pendingUpgrades().isEmpty());
        }
        assertThat(validIndex(index)).isTrue();
    }

    @Test
    void anIndexLeftInvalidByAFailedBuildIsRebuilt() throws Exception {
        register(consumer("rebuilt", "order.>").build());
        String table = TableNames.consumerTable("rebuilt");
        String index = TableNames.indexPrefix(table) + "_finished";
        try (Connection admin = schema.connect();
                Connection business = schema.connect()) {
            execute(admin, "DROP INDEX " + index);
            business.setAutoCommit(false);
            execute(
                    business,
                    "INSERT INTO " + table + " (event_id, subject, state, schedule_at, created_at, updated_at)"
                            + " VALUES ('e1', 'order.created', 101, 0, 0, 0)");
            execute(admin, "SET lock_timeout = '200ms'");
            assertThatThrownBy(() -> execute(
                            admin,
                            "CREATE INDEX CONCURRENTLY " + index + " ON " + table
                                    + " (state, updated_at) WHERE state IN (101, -101, -102)"))
                    .isInstanceOf(SQLException.class);
            business.commit();
        }
        assertThat(count("SELECT count(*) FROM pg_class WHERE relname = '" + index + "'"))
                .isEqualTo(1);
        assertThat(validIndex(index)).isFalse();

        register(consumer("rebuilt", "order.>").build());

        await().atMost(Duration.ofSeconds(30))
                .until(() -> kanthorq.registrar().pendingUpgrades().isEmpty());
        assertThat(validIndex(index)).isTrue();
    }

    @Test
    void aFirstRegistrationThatCannotGetItsLockFailsNamingTheTableAndTheBlockingProcess() throws Exception {
        Kanthorq impatient = Kanthorq.builder(ConnectionProvider.of(schema.dataSource()))
                .registrationLockTimeout(Duration.ofMillis(1500))
                .build();
        try (Connection other = schema.connect()) {
            other.setAutoCommit(false);
            long pid = count(other, "SELECT pg_backend_pid()");
            execute(
                    other,
                    "SELECT pg_advisory_xact_lock(" + AdvisoryLocks.REGISTRATION + ")"); // as a stuck registration

            long started = System.nanoTime();
            assertThatThrownBy(() -> impatient
                            .registrar()
                            .registerConsumer(consumer("fresh", "order.>").build()))
                    .isInstanceOf(KanthorqException.class)
                    .hasMessageContaining("register consumer 'fresh'")
                    .hasMessageContaining("kanthorq_stream_order_update")
                    .hasMessageContaining("process " + pid)
                    .hasMessageContaining("pg_terminate_backend(" + pid + ")")
                    .hasMessageContaining("kanthorq.registration-lock-timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            other.rollback();
        } finally {
            impatient.stop();
        }
        register(consumer("fresh", "order.>").build());
        assertThat(count("SELECT count(*) FROM kanthorq_consumer_registry WHERE name = 'fresh'"))
                .isEqualTo(1);
    }

    @Test
    void anUnchangedReRegistrationWritesNothing() throws Exception {
        register(consumer("steady", "order.>").build());
        long updatedAt = count("SELECT updated_at FROM kanthorq_consumer_registry WHERE name = 'steady'");
        long version = count("SELECT xmin::text::bigint FROM kanthorq_consumer_registry WHERE name = 'steady'");
        await().pollDelay(Duration.ofMillis(20)).until(() -> true);

        register(consumer("steady", "order.>").build());

        assertThat(count("SELECT updated_at FROM kanthorq_consumer_registry WHERE name = 'steady'"))
                .isEqualTo(updatedAt);
        assertThat(count("SELECT xmin::text::bigint FROM kanthorq_consumer_registry WHERE name = 'steady'"))
                .isEqualTo(version);
        assertThat(kanthorq.registrar().pendingUpgrades()).isEmpty();
    }

    private boolean waitingForALock() throws SQLException {
        return count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        + " AND query LIKE '%kanthorq_consumer_registry%' AND query NOT LIKE '%pg_stat_activity%'")
                > 0;
    }

    private boolean validIndex(String index) throws SQLException {
        return count("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid" + " WHERE c.relname = '"
                        + index + "' AND i.indisvalid")
                == 1;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (var rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
