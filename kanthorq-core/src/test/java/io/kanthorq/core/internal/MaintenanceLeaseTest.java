package io.kanthorq.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.EngineTest;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One holder at a time, taken over once expired, never released by anyone but its holder. */
class MaintenanceLeaseTest extends EngineTest {

    @Test
    void oneHolderAtATimeUntilItReleases() throws Exception {
        MaintenanceLease first = new MaintenanceLease("job", Duration.ofMinutes(1));
        MaintenanceLease second = new MaintenanceLease("job", Duration.ofMinutes(1));
        try (Connection connection = schema.connect()) {
            assertThat(first.tryAcquire(connection)).isTrue();
            assertThat(second.tryAcquire(connection)).isFalse();
            // holding it again renews it
            assertThat(first.tryAcquire(connection)).isTrue();
            assertThat(new MaintenanceLease("other_job", Duration.ofMinutes(1)).tryAcquire(connection))
                    .isTrue();

            second.release(connection); // not its lease: nothing happens
            assertThat(second.tryAcquire(connection)).isFalse();

            first.release(connection);
            assertThat(second.tryAcquire(connection)).isTrue();
        }
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsFormerHolderLearnsAtItsNextRenewal() throws Exception {
        MaintenanceLease dead = new MaintenanceLease("job", Duration.ofMillis(300));
        MaintenanceLease next = new MaintenanceLease("job", Duration.ofMinutes(1));
        try (Connection connection = schema.connect()) {
            assertThat(dead.tryAcquire(connection)).isTrue();
            assertThat(next.tryAcquire(connection)).isFalse();

            // free once the database clock passes the lease's end
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> next.tryAcquire(connection));
            assertThat(dead.renewIfDue(connection)).isFalse();
            dead.release(connection); // lost: must not delete the new holder's row
            assertThat(count("SELECT count(*) FROM kanthorq_maintenance_lease WHERE holder = '" + next.holder() + "'"))
                    .isOne();
        }
    }
}
