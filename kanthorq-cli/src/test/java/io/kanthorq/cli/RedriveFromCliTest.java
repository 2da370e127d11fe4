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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A dead-lettered task is found, shown and redriven with the CLI, and then completes. */
class RedriveFromCliTest extends CliTest {

    @Test
    void aDiscardedTaskRedrivenFromTheCliCompletes() {
        kanthorq.registrar()
                .registerConsumer(ConsumerDefinition.builder("refunds", STREAM)
                        .subjects("order.>")
                        .attemptMax(1)
                        .build());
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        kanthorq.startWorker(
                "refunds",
                task -> {
                    if (calls.computeIfAbsent(task.event().id(), id -> new AtomicInteger())
                                    .incrementAndGet()
                            == 1) {
                        throw new IllegalStateException("payment gateway timed out");
                    }
                },
                fastOptions());
        Event event = kanthorq.publisher().publish(STREAM, NewEvent.of("order.cancelled", "{\"order\":7}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> state("refunds", event) == TaskState.DISCARDED);

        Run ls = cli("task", "ls", "--consumer", "refunds", "--state", "discarded");
        assertThat(ls.exitCode()).isZero();
        assertThat(ls.out()).contains(event.id()).contains("DISCARDED").contains("payment gateway timed out");
        Run show = cli("task", "show", "--consumer", "refunds", event.id());
        assertThat(show.exitCode()).isZero();
        assertThat(show.out())
                .contains("state:")
                .contains("DISCARDED")
                .contains("{\"order\":7}")
                .contains("#1")
                .contains("java.lang.IllegalStateException: payment gateway timed out");

        Run redrive = cli("task", "redrive", "--consumer", "refunds", event.id());

        assertThat(redrive.exitCode()).isZero();
        assertThat(redrive.out()).isEqualTo("redrove 1 task(s) of consumer refunds" + System.lineSeparator());
        await().atMost(Duration.ofSeconds(5)).until(() -> state("refunds", event) == TaskState.COMPLETED);
        assertThat(calls.get(event.id())).hasValue(2);
        Run completed = cli("task", "show", "--consumer", "refunds", event.id(), "--json");
        assertThat(completed.jsonValue("state")).isEqualTo("COMPLETED");
        assertThat(completed.jsonValue("message")).isEqualTo("payment gateway timed out"); // history kept
    }

    @Test
    void redrivesByFilterOrEverythingAndCancels() {
        kanthorq.registrar()
                .registerConsumer(ConsumerDefinition.builder("mixed", STREAM)
                        .subjects("order.>")
                        .attemptMax(1)
                        .build());
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        kanthorq.startWorker(
                "mixed",
                task -> {
                    if (calls.computeIfAbsent(task.event().id(), id -> new AtomicInteger())
                                    .incrementAndGet()
                            == 1) {
                        throw new IllegalStateException("first attempt fails");
                    }
                },
                fastOptions());
        Event refund = kanthorq.publisher().publish(STREAM, NewEvent.of("order.refund.failed", "r"));
        Event email = kanthorq.publisher().publish(STREAM, NewEvent.of("order.email.failed", "e"));
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        state("mixed", refund) == TaskState.DISCARDED && state("mixed", email) == TaskState.DISCARDED);

        Run filtered =
                cli("task", "redrive", "--consumer", "mixed", "--subject", "order.refund.*", "--since", "1h", "--json");
        assertThat(filtered.exitCode()).isZero();
        assertThat(filtered.jsonValue("redriven")).isEqualTo("1");
        await().atMost(Duration.ofSeconds(5)).until(() -> state("mixed", refund) == TaskState.COMPLETED);
        assertThat(state("mixed", email)).isEqualTo(TaskState.DISCARDED);

        assertThat(cli("task", "redrive", "--consumer", "mixed", "--all").out()).startsWith("redrove 1 task(s)");
        await().atMost(Duration.ofSeconds(5)).until(() -> state("mixed", email) == TaskState.COMPLETED);

        Run nothingChosen = cli("task", "redrive", "--consumer", "mixed");
        assertThat(nothingChosen.exitCode()).isEqualTo(2);
        assertThat(nothingChosen.err()).startsWith("kanthorq: give exactly one of");
        Run cancelMissing = cli("task", "cancel", "--consumer", "mixed", "01NOTATASK");
        assertThat(cancelMissing.out()).startsWith("cancelled 0 task(s)");
    }

    private TaskState state(String consumer, Event event) {
        return kanthorq.management()
                .task(consumer, event.id())
                .map(TaskDetail::task)
                .map(task -> task.state())
                .orElse(null);
    }
}
