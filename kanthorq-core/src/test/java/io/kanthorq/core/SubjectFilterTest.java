package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.internal.SubjectPatterns;
import io.kanthorq.core.testsupport.EngineTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class SubjectFilterTest extends EngineTest {

    private static final List<String> SUBJECTS = List.of(
            "order",
            "order.created",
            "order.cancelled",
            "order.item.added",
            "order.item.removed",
            "payment.done",
            "orders.created",
            "order_x.created",
            "orderyx.created");

    @Test
    void consumersOnOneStreamReceiveExactlyTheirSubjectsWithNatsWildcardsAndExcludes() {
        register(consumer("one_token", "order.*").build());
        register(consumer("many_tokens", "order.>").build());
        register(consumer("with_excludes", "order.>", "payment.done")
                .excludeSubjects("order.item.*")
                .build());
        register(consumer("exact", "order.cancelled").build());
        register(consumer("everything").build());
        // '_' is a wildcard in LIKE, which the mover uses for filters without '*': it must stay literal
        register(consumer("underscore", "order_x.>").build());
        List<String> consumers =
                List.of("one_token", "many_tokens", "with_excludes", "exact", "everything", "underscore");
        var received = new ConcurrentHashMap<String, Set<String>>();
        for (String consumer : consumers) {
            Set<String> subjects = ConcurrentHashMap.newKeySet();
            received.put(consumer, subjects);
            kanthorq.startWorker(consumer, task -> subjects.add(task.event().subject()), fastOptions());
        }
        SUBJECTS.forEach(subject -> publish(subject, "x"));
        publish("done.marker", "x");

        await().atMost(Duration.ofSeconds(5))
                .until(() -> received.get("everything").size() == SUBJECTS.size() + 1);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> consumers.stream()
                        .allMatch(c ->
                                kanthorq.management().consumer(c).orElseThrow().eventsNotMoved() == 0
                                        && !states(c).containsKey(TaskState.AVAILABLE)
                                        && !states(c).containsKey(TaskState.RUNNING)));

        assertThat(received.get("one_token")).containsExactlyInAnyOrder("order.created", "order.cancelled");
        assertThat(received.get("many_tokens"))
                .containsExactlyInAnyOrder(
                        "order.created", "order.cancelled", "order.item.added", "order.item.removed");
        assertThat(received.get("with_excludes"))
                .containsExactlyInAnyOrder("order.created", "order.cancelled", "payment.done");
        assertThat(received.get("exact")).containsExactly("order.cancelled");
        assertThat(received.get("underscore")).containsExactly("order_x.created");
    }

    @Test
    void filtersWithoutSingleTokenWildcardsBecomeLikePatterns() {
        assertThat(SubjectPatterns.toLikePattern("order.cancelled")).isEqualTo("order.cancelled");
        assertThat(SubjectPatterns.toLikePattern("order.>")).isEqualTo("order.%");
        assertThat(SubjectPatterns.toLikePattern(">")).isEqualTo("%");
        assertThat(SubjectPatterns.toLikePattern("send_mail.>")).isEqualTo("send\\_mail.%");
        assertThat(SubjectPatterns.toLikePattern("order.*")).isNull();
        assertThat(SubjectPatterns.toLikePattern("*.created")).isNull();
    }

    @Test
    void onlyNoIncludesOrAGreaterThanIncludeTakeEverySubject() {
        assertThat(SubjectPatterns.SqlFilters.of(List.of()).matchesAll()).isTrue();
        assertThat(SubjectPatterns.SqlFilters.of(List.of("order.>", ">")).matchesAll())
                .isTrue();
        assertThat(SubjectPatterns.SqlFilters.of(List.of("order.>")).matchesAll())
                .isFalse();
        assertThat(SubjectPatterns.SqlFilters.of(List.of("*")).matchesAll()).isFalse();
    }

    @Test
    void javaMatchingFollowsNatsRules() {
        assertThat(SubjectPatterns.matches("order.*", "order.created")).isTrue();
        assertThat(SubjectPatterns.matches("order.*", "order")).isFalse();
        assertThat(SubjectPatterns.matches("order.*", "order.item.added")).isFalse();
        assertThat(SubjectPatterns.matches("order.>", "order.item.added")).isTrue();
        assertThat(SubjectPatterns.matches("order.>", "order")).isFalse();
        assertThat(SubjectPatterns.matches("*.created", "order.created")).isTrue();
        assertThat(SubjectPatterns.matches("order.created", "orders.created")).isFalse();
        assertThat(SubjectPatterns.matches("a-b_c.*", "a-b_c.d")).isTrue();
    }
}
