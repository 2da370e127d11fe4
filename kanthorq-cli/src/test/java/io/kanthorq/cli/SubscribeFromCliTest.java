package io.kanthorq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.Event;
import io.kanthorq.core.NewEvent;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.management.TaskDetail;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code kanthorq sub} works a consumer and prints each task as it is handled. */
class SubscribeFromCliTest extends CliTest {

    @Test
    void printsTasksAsTheyAreHandledAndStopsCleanlyAfterMax() throws Exception {
        kanthorq.registrar()
                .registerConsumer(ConsumerDefinition.builder("watcher", STREAM)
                        .subjects("order.*")
                        .build());
        Event first = kanthorq.publisher().publish(STREAM, NewEvent.of("order.created", "{\"id\":1}"));

        CompletableFuture<Run> sub =
                CompletableFuture.supplyAsync(() -> cli("sub", "--consumer", "watcher", "--max", "2"));
        await().atMost(Duration.ofSeconds(5)).until(() -> state(first) == TaskState.COMPLETED);
        assertThat(sub).isNotDone(); // still waiting for the second task
        Event second = kanthorq.publisher().publish(STREAM, NewEvent.of("order.paid", "{\"id\":2}"));
        Run run = sub.get(10, TimeUnit.SECONDS);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().toList())
                .satisfiesExactly(
                        line -> assertThat(line)
                                .contains(first.id())
                                .contains("order.created")
                                .contains("attempt 1")
                                .endsWith("{\"id\":1}"),
                        line -> assertThat(line).contains(second.id()).contains("order.paid"));
        assertThat(run.err()).contains("working consumer watcher");
        assertThat(state(second)).isEqualTo(TaskState.COMPLETED); // its outcome was written before exiting
    }

    @Test
    void writesOneJsonObjectPerTask() {
        kanthorq.registrar()
                .registerConsumer(
                        ConsumerDefinition.builder("json_watcher", STREAM).build());
        Event event = kanthorq.publisher()
                .publish(STREAM, new NewEvent("order.created", "{\"id\":3}".getBytes(), Map.of("k", "v")));

        Run run = cli("sub", "--consumer", "json_watcher", "--max", "1", "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip())
                .startsWith("{\"consumer\":\"json_watcher\",\"eventId\":\"" + event.id() + "\"")
                .contains("\"metadata\":{\"k\":\"v\"}")
                .contains("\"body\":\"{\\\"id\\\":3}\"");
    }

    private TaskState state(Event event) {
        return kanthorq.management()
                .task("watcher", event.id())
                .map(TaskDetail::task)
                .map(task -> task.state())
                .orElse(null);
    }
}
