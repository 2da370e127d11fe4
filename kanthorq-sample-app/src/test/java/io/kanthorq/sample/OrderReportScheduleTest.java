package io.kanthorq.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.management.ScheduleInfo;
import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The recurring order report with real workers and the real schedule (the {@code test} profile ticks
 * every second): a schedule's tick is the one thing the test kit does not drive, so this test waits for
 * two of them.
 */
@ExtendWith(DropSchemasAfterContext.class) // first: drops the schema after the context below is closed
@SpringBootTest(classes = SampleApplication.class)
@ActiveProfiles("test")
@DirtiesContext
class OrderReportScheduleTest {

    private static final TestSchema schema = TestDatabase.newSchema(2);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", schema::jdbcUrl);
        registry.add("spring.datasource.username", () -> schema.server().user());
        registry.add("spring.datasource.password", () -> schema.server().password());
    }

    @Autowired
    Kanthorq kanthorq;

    @Test
    void theRecurringOrderReportIsPublishedOncePerTickAndHandled() {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> kanthorq.management()
                                .consumer("order_report")
                                .orElseThrow()
                                .tasks(TaskState.COMPLETED)
                        >= 2);
        ScheduleInfo schedule = kanthorq.management().schedules().get(0);
        assertThat(schedule.name()).isEqualTo("order_report");
        assertThat(schedule.trigger()).isEqualTo("cron * * * * * * in UTC");
        assertThat(schedule.nextTickAt()).isEqualTo(schedule.lastTickAt().plusSeconds(1));
    }
}
