package io.kanthorq.core.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kanthorq.core.DiscardException;
import io.kanthorq.core.InlineWorker;
import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.testsupport.EngineTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-minute outcome rollup the dashboard charts: what workers wrote, without counting task rows. */
class OutcomesPerMinuteTest extends EngineTest {

    @Test
    void countsWhatTheWorkersOfEveryEngineWroteInTheMinutesTheyWroteIt() {
        register(consumer("emails", "order.>").attemptMax(3).build());
        register(consumer("idle", "nothing.>").build());
        Kanthorq first = newEngine();
        InlineWorker inline = first.inlineWorker("emails", task -> {
            switch (task.event().bodyAsString()) {
                case "fails" -> throw new IllegalStateException("smtp down");
                case "bad" -> throw new DiscardException("no address");
                default -> {}
            }
        });
        publish("order.created", "ok");
        publish("order.created", "ok");
        publish("order.created", "fails");
        publish("order.created", "bad");
        inline.runDue();
        first.stop(); // writes what it counted

        Map<String, List<OutcomeMinute>> minutes = kanthorq.management().outcomesPerMinute(5);

        assertThat(minutes).containsOnlyKeys("emails", "idle");
        assertThat(minutes.get("emails")).hasSize(5);
        assertThat(minutes.get("emails").stream()
                        .mapToLong(OutcomeMinute::completed)
                        .sum())
                .isEqualTo(2);
        assertThat(minutes.get("emails").stream()
                        .mapToLong(OutcomeMinute::retried)
                        .sum())
                .isEqualTo(1);
        assertThat(minutes.get("emails").stream()
                        .mapToLong(OutcomeMinute::discarded)
                        .sum())
                .isEqualTo(1);
        assertThat(minutes.get("idle"))
                .allSatisfy(m ->
                        assertThat(m.completed() + m.retried() + m.discarded()).isZero());
        List<OutcomeMinute> series = minutes.get("emails");
        for (int i = 1; i < series.size(); i++) {
            assertThat(series.get(i).minute())
                    .isEqualTo(series.get(i - 1).minute().plusSeconds(60));
        }
    }

    @Test
    void finishedTasksAreCountedOnlyUpToTheLimitAsked() {
        register(consumer("mixed", "order.>").attemptMax(1).build());
        InlineWorker inline = kanthorq.inlineWorker("mixed", task -> {
            if (task.event().bodyAsString().startsWith("bad")) {
                throw new DiscardException("no");
            }
        });
        for (int i = 0; i < 5; i++) {
            publish("order.created", "ok" + i);
            publish("order.created", "bad" + i);
        }
        inline.runDue();

        ConsumerInfo capped = kanthorq.management().consumers(3).get(0);
        assertThat(capped.tasks(io.kanthorq.core.TaskState.DISCARDED)).isEqualTo(3);
        assertThat(capped.countsAtLimit())
                .containsExactlyInAnyOrder(io.kanthorq.core.TaskState.DISCARDED, io.kanthorq.core.TaskState.COMPLETED);
        assertThat(capped.completedCountExact()).isFalse();

        ConsumerInfo exact = kanthorq.management().consumer("mixed").orElseThrow();
        assertThat(exact.tasks(io.kanthorq.core.TaskState.DISCARDED)).isEqualTo(5);
        assertThat(exact.tasks(io.kanthorq.core.TaskState.COMPLETED)).isEqualTo(5);
        assertThat(exact.countsAtLimit()).isEmpty();
        assertThatThrownBy(() -> kanthorq.management().consumers(0)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theWindowIsBounded() {
        assertThatThrownBy(() -> kanthorq.management().outcomesPerMinute(0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> kanthorq.management().outcomesPerMinute(1441))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1440");
    }
}
