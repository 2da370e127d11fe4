package io.kanthorq.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.NewEvent;
import io.kanthorq.core.internal.Sql;
import io.kanthorq.core.testsupport.EngineTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * An engine's own auto-commit publishes wake its workers directly, without the notification's trip
 * through the server, and the notification that follows costs no second turn.
 */
class LocalWakeUpTest extends EngineTest {

    @Test
    void ownPublishesReachAPollOnlyWorkerAtOnceWhileOthersWaitForThePoll() {
        register(consumer("local", "order.>").build());
        Kanthorq pollOnly = Kanthorq.builder(ConnectionProvider.of(schema.dataSource()))
                .pollOnly()
                .build();
        stopAfterTest(pollOnly);
        Set<String> handled = ConcurrentHashMap.newKeySet();
        pollOnly.startWorker(
                "local",
                task -> handled.add(task.event().subject()),
                fastOptions().withPollInterval(Duration.ofSeconds(30)));
        // parked, and past the scanner's first full scan (1 s after it started): the next is 30 s away
        await().pollDelay(Duration.ofMillis(2000)).until(() -> true);

        // another engine's publish has only the 30 s poll to reach a worker that does not LISTEN
        kanthorq.publisher().publish(STREAM, NewEvent.of("order.elsewhere", "x"));
        await().pollDelay(Duration.ofMillis(1500)).until(() -> true);
        assertThat(handled).isEmpty();

        // its own publish wakes it at once, and the turn moves everything committed before
        pollOnly.publisher().publish(STREAM, NewEvent.of("order.here", "x"));
        await().atMost(Duration.ofSeconds(3)).until(() -> handled.size() == 2);
        assertThat(handled).containsExactlyInAnyOrder("order.elsewhere", "order.here");
    }

    @Test
    void theNotificationOfAnOwnPublishIsSkippedAndEveryOtherWakes() throws Exception {
        NotificationListener listener = new NotificationListener(ConnectionProvider.of(schema.dataSource()));
        AtomicInteger wakes = new AtomicInteger();
        listener.subscribe(STREAM, wakes::incrementAndGet);
        listener.start();
        try (Connection own = schema.dataSource().getConnection();
                Connection other = schema.dataSource().getConnection()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> wakes.get() == 1); // listening: wakes all once

            int started = listener.starting(own, STREAM);
            assertThat(started).isEqualTo(own.unwrap(PGConnection.class).getBackendPID());
            notify(own);
            listener.finished(started, STREAM, true);
            assertThat(wakes).as("woken directly").hasValue(2);

            // notifications of one backend arrive in commit order: once the other's wakes, the own was seen
            notify(other);
            await().atMost(Duration.ofSeconds(5)).until(() -> wakes.get() >= 3);
            await().pollDelay(Duration.ofMillis(300)).until(() -> true);
            assertThat(wakes).as("the own notification was skipped").hasValue(3);

            // a failed publish expects nothing: the backend's next notification wakes again
            listener.finished(listener.starting(own, STREAM), STREAM, false);
            notify(own);
            await().atMost(Duration.ofSeconds(5)).until(() -> wakes.get() == 5);
        } finally {
            listener.stop();
        }
    }

    private static void notify(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_notify('" + Sql.CHANNEL + "', '" + STREAM + "')");
        }
    }
}
