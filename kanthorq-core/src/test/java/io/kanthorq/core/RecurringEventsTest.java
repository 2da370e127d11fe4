package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.management.EventQuery;
import io.kanthorq.core.management.ScheduleInfo;
import io.kanthorq.core.schedule.RecurringPublisher;
import io.kanthorq.core.schedule.ScheduleDefinition;
import io.kanthorq.core.testsupport.EngineTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecurringEventsTest extends EngineTest {

    private static final ScheduleDefinition EVERY_SECOND = WorkerProcessMain.heartbeat(STREAM);

    @Test
    void threeEnginesPublishOneEventPerTickWithoutDuplicatesOrGapsAlsoWhenOneStops() {
        Kanthorq second = newEngine();
        Kanthorq third = newEngine();
        kanthorq.startSchedules(List.of(EVERY_SECOND));
        second.startSchedules(List.of(EVERY_SECOND));
        third.startSchedules(List.of(EVERY_SECOND));

        await().atMost(Duration.ofSeconds(10)).until(() -> ticks().size() >= 5);
        third.stop(); // one instance goes away mid-run: the others keep every tick
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks().size() >= 10);

        List<Instant> ticks = ticks();
        assertThat(ticks).doesNotHaveDuplicates();
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(Duration.between(ticks.get(i - 1), ticks.get(i)))
                    .as("tick %d follows tick %d by one second", i, i - 1)
                    .isEqualTo(Duration.ofSeconds(1));
        }
        ScheduleInfo info = kanthorq.management().schedules().get(0);
        assertThat(info.name()).isEqualTo("heartbeat");
        assertThat(info.trigger()).isEqualTo("every PT1S");
        assertThat(info.lastTickAt()).isAfterOrEqualTo(ticks.get(ticks.size() - 1));
        assertThat(info.nextTickAt()).isEqualTo(info.lastTickAt().plusSeconds(1));
        assertThat(info.lastEventId()).isNotNull();
    }

    @Test
    void noTickIsLostOrDoubledWhenAnInstanceIsKilledWithSigkill() throws Exception {
        kanthorq.startSchedules(List.of(EVERY_SECOND));
        Process victim = startWorkerJvm(STREAM, 0, "schedule");
        Process survivor = startWorkerJvm(STREAM, 0, "schedule");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> ticks().size() >= 4);
            victim.destroyForcibly(); // SIGKILL, possibly while it holds the schedule's row
            victim.waitFor();
            int atKill = ticks().size();
            await().atMost(Duration.ofSeconds(15)).until(() -> ticks().size() >= atKill + 5);
        } finally {
            victim.destroyForcibly();
            survivor.destroyForcibly();
            survivor.waitFor();
        }
        List<Instant> ticks = ticks();
        assertThat(ticks).doesNotHaveDuplicates();
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(Duration.between(ticks.get(i - 1), ticks.get(i)))
                    .as("tick %d follows tick %d by one second", i, i - 1)
                    .isEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void afterDowntimeOnlyTheLatestMissedTickIsPublishedOnce() throws Exception {
        kanthorq.startSchedules(List.of(EVERY_SECOND)).close();
        // as if every instance had been down for an hour after the tick before last
        try (var connection = schema.connect();
                var statement = connection.createStatement()) {
            statement.execute("UPDATE kanthorq_schedule_registry SET last_tick_at"
                    + " = (extract(epoch from now()) * 1000)::bigint - 3600000");
        }

        RecurringPublisher restarted = newEngine().startSchedules(List.of(EVERY_SECOND));
        await().atMost(Duration.ofSeconds(5)).until(() -> !ticks().isEmpty());
        restarted.close();

        List<Instant> ticks = ticks();
        assertThat(ticks).hasSizeLessThanOrEqualTo(2); // the catch-up tick, and perhaps the next one
        assertThat(Duration.between(ticks.get(0), Instant.now()).abs()).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aNewScheduleStartsAtTheFirstTickAfterItsRegistrationWithTheDefaultBody() {
        Instant before = Instant.now();
        kanthorq.startSchedules(List.of(EVERY_SECOND));

        await().atMost(Duration.ofSeconds(5)).until(() -> !ticks().isEmpty());

        Event first = events().get(0);
        Instant tick = Instant.parse(first.metadata().get(RecurringPublisher.TICK_METADATA));
        assertThat(tick).isAfter(before.minusSeconds(1));
        assertThat(first.metadata()).containsEntry(RecurringPublisher.SCHEDULE_METADATA, "heartbeat");
        assertThat(first.bodyAsString()).isEqualTo("{\"schedule\":\"heartbeat\",\"tick\":\"" + tick + "\"}");
        assertThat(first.subject()).isEqualTo("clock.tick");
    }

    private List<Event> events() {
        return kanthorq.management().events(STREAM, EventQuery.first(1000)).stream()
                .sorted(java.util.Comparator.comparing(Event::id))
                .toList();
    }

    private List<Instant> ticks() {
        return events().stream()
                .map(e -> Instant.parse(e.metadata().get(RecurringPublisher.TICK_METADATA)))
                .sorted()
                .toList();
    }
}
