package io.kanthorq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.Event;
import io.kanthorq.core.management.EventQuery;
import io.kanthorq.core.schedule.ScheduleDefinition;
import io.kanthorq.core.schedule.Trigger;
import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** migrate, stream and consumer management, events, replay and retention from the CLI. */
class OperationsFromCliTest extends CliTest {

    @Test
    void migratesAFreshSchemaIdempotently() {
        try (TestSchema fresh = TestDatabase.newSchema()) {
            Map<String, String> env = Map.of(
                    "KANTHORQ_DATABASE_URL",
                    fresh.jdbcUrl(),
                    "KANTHORQ_DATABASE_USER",
                    fresh.server().user(),
                    "KANTHORQ_DATABASE_PASSWORD",
                    fresh.server().password());
            Run first = cliWithInput(new ByteArrayInputStream(new byte[0]), env, "migrate");
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out()).startsWith("registry of schema " + fresh.name() + " at version 4 (4 migration(s)");
            Run again = cliWithInput(new ByteArrayInputStream(new byte[0]), env, "migrate", "--json");
            assertThat(again.jsonValue("applied")).isEqualTo("0");
            assertThat(cliWithInput(new ByteArrayInputStream(new byte[0]), env, "stream", "create", "s")
                            .exitCode())
                    .isZero();

            // a table of an earlier layout: migrate brings it current, as startup would with DDL allowed
            try (java.sql.Connection connection = fresh.connect();
                    java.sql.Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE kanthorq_stream_s DROP COLUMN ordering_key");
            }
            Run upgrade = cliWithInput(new ByteArrayInputStream(new byte[0]), env, "migrate");
            assertThat(upgrade.exitCode()).as(upgrade.err()).isZero();
            assertThat(upgrade.out()).contains("; 1 registered table(s) at this release's layout");
            try (java.sql.Connection connection = fresh.connect();
                    java.sql.ResultSet columns = connection
                            .getMetaData()
                            .getColumns(null, fresh.name(), "kanthorq_stream_s", "ordering_key")) {
                assertThat(columns.next()).as("ordering_key restored").isTrue();
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void createsDescribesPausesResumesAndRemovesConsumers() {
        assertThat(cli("stream", "create", STREAM, "audit_log").exitCode()).isZero();
        Run created = cli(createEmails(
                "--exclude",
                "order.internal.>",
                "--attempt-max",
                "3",
                "--visibility-timeout",
                "30s",
                "--start-from",
                "latest"));
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).isEqualTo("created consumer emails on stream order_update" + System.lineSeparator());
        Run duplicate = cli("consumer", "create", "emails", "--stream", STREAM);
        assertThat(duplicate.exitCode()).isEqualTo(2);
        Run updated = cli(createEmails("--attempt-max", "5", "--update"));
        assertThat(updated.exitCode()).as(updated.err()).isZero();

        Run describe = cli("consumer", "describe", "emails", "--json");
        assertThat(describe.jsonValue("attemptMax")).isEqualTo("5");
        assertThat(describe.jsonValue("status")).isEqualTo("active");
        assertThat(cli("stream", "ls").out())
                .containsPattern("order_update\\s+0\\s+-\\s+-\\s+1")
                .containsPattern("audit_log\\s+0\\s+-\\s+-\\s+0");

        assertThat(cli("consumer", "pause", "emails").out()).startsWith("paused consumer emails");
        assertThat(cli("consumer", "ls").out()).containsPattern("emails\\s+order_update\\s+paused");
        assertThat(cli("consumer", "resume", "emails").out()).startsWith("resumed consumer emails");
        assertThat(cli("consumer", "describe", "emails", "--json").jsonValue("status"))
                .isEqualTo("active");

        Run removed = cli("consumer", "rm", "emails", "--yes");
        assertThat(removed.exitCode()).isZero();
        assertThat(cli("consumer", "ls").out().lines().count()).isEqualTo(1); // the header only
    }

    @Test
    void queriesEventsReplaysAConsumerAndRunsRetention() throws Exception {
        kanthorq.registrar()
                .registerConsumer(ConsumerDefinition.builder("ledger", STREAM)
                        .subjects("order.*")
                        .build());
        AtomicInteger handled = new AtomicInteger();
        kanthorq.startWorker("ledger", task -> handled.incrementAndGet(), fastOptions());
        cli("pub", "--stream", STREAM, "--subject", "order.created", "--body", "a", "--count", "2");
        cli("pub", "--stream", STREAM, "--subject", "order.paid", "--body", "b", "--metadata", "k=v");
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.get() == 3);

        Run events = cli("events", "--stream", STREAM, "--since", "10m", "--subject", "order.paid");
        assertThat(events.exitCode()).isZero();
        assertThat(events.out().lines().toList()).hasSize(2);
        assertThat(events.out()).containsPattern("order\\.paid\\s+k=v\\s+b");
        assertThat(cli("events", "--stream", STREAM, "--until", "2000-01-01")
                        .out()
                        .lines()
                        .count())
                .isEqualTo(1);

        Run replay = cli("consumer", "replay", "ledger", "--since", "10m");
        assertThat(replay.out()).startsWith("queued 3 task(s) of consumer ledger");
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.get() == 6);

        try (Connection connection = schema.connect()) {
            connection
                    .createStatement()
                    .execute("UPDATE kanthorq_stream_order_update SET created_at = created_at - "
                            + Duration.ofDays(40).toMillis());
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        kanthorq.management().consumer("ledger").orElseThrow().lag() == 0);
        Run retention = cli("retention", "run", "--completed-tasks", "7d", "--events", "30d", "--batch-size", "2");
        assertThat(retention.exitCode()).as(retention.err()).isZero();
        assertThat(retention.out())
                .containsPattern("consumer\\s+ledger\\s+0\\s+0\\s+-\\s+-")
                .containsPattern("stream\\s+order_update\\s+-\\s+-\\s+-\\s+3")
                .contains("removed 0 task(s) and 3 event(s)");
        assertThat(cli("events", "--stream", STREAM).out().lines().count()).isEqualTo(1);
    }

    @Test
    void publishesWithKeysDelaysAndIdempotencyAndListsSchedules() throws Exception {
        Run ordered = cli(createEmails("--ordering", "key", "--on-discard", "continue"));
        assertThat(ordered.exitCode()).as(ordered.err()).isZero();
        Run describe = cli("consumer", "describe", "emails", "--json");
        assertThat(describe.jsonValue("ordering")).isEqualTo("key");
        assertThat(describe.jsonValue("onDiscard")).isEqualTo("continue");

        Run first = cli(
                "pub",
                "--stream",
                STREAM,
                "--subject",
                "order.paid",
                "--body",
                "a",
                "--key",
                "order-1",
                "--idempotency-key",
                "pay-1",
                "--delay",
                "1h",
                "--correlation-id",
                "req-9",
                "--json");
        Run again = cli(
                "pub",
                "--stream",
                STREAM,
                "--subject",
                "order.paid",
                "--body",
                "b",
                "--idempotency-key",
                "pay-1",
                "--json");
        assertThat(cli(
                                "pub",
                                "--stream",
                                STREAM,
                                "--subject",
                                "x",
                                "--body",
                                "c",
                                "--delay",
                                "1s",
                                "--at",
                                "2030-01-01T00:00:00Z")
                        .exitCode())
                .isEqualTo(2);
        Event stored =
                kanthorq.management().events(STREAM, EventQuery.first(10)).get(0);
        assertThat(kanthorq.management().events(STREAM, EventQuery.first(10))).hasSize(1);
        assertThat(stored.orderingKey()).isEqualTo("order-1");
        assertThat(first.out()).contains(stored.id());
        assertThat(again.out()).as("the repeat reports the first event").contains(stored.id());
        assertThat(stored.correlationId()).isEqualTo("req-9");
        Run chain = cli("events", "--stream", STREAM, "--chain", "req-9");
        assertThat(chain.exitCode()).as(chain.err()).isZero();
        assertThat(chain.out()).contains(stored.id()).contains("CAUSED BY");
        assertThat(cli("events", "--stream", STREAM, "--chain", "req-9", "--subject", "x")
                        .exitCode())
                .isEqualTo(2);

        kanthorq.startSchedules(List.of(new ScheduleDefinition(
                        "heartbeat", STREAM, "clock.tick", null, Trigger.every(Duration.ofSeconds(1)))))
                .close();
        assertThat(cli("schedule", "ls").out())
                .containsPattern("heartbeat\\s+order_update\\s+clock\\.tick\\s+every PT1S");
    }

    /** {@code consumer create emails} on the stream for {@code order.>}, then {@code options}. */
    private static String[] createEmails(String... options) {
        return Stream.concat(
                        Stream.of("consumer", "create", "emails", "--stream", STREAM, "--subject", "order.>"),
                        Arrays.stream(options))
                .toArray(String[]::new);
    }
}
