package io.kanthorq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.ConsumerDefinition;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code kanthorq consumer ls} shows each consumer's lag, and the lag drops to zero as a worker catches up. */
class ConsumerLagFromCliTest extends CliTest {

    @Test
    void consumerLsShowsLagThatDropsToZero() {
        kanthorq.registrar()
                .registerConsumer(ConsumerDefinition.builder("emails", STREAM)
                        .subjects("order.>")
                        .build());
        kanthorq.registrar()
                .registerConsumer(ConsumerDefinition.builder("audit", STREAM).build());
        assertThat(cli("pub", "--stream", STREAM, "--subject", "order.created", "--body", "x", "--count", "25")
                        .exitCode())
                .isZero();

        Run before = cli("consumer", "ls");
        assertThat(before.exitCode()).isZero();
        assertThat(before.out().lines().toList()).hasSize(3);
        assertThat(before.out().lines().skip(1).toList())
                .allSatisfy(line ->
                        assertThat(line.split("\\s+")).startsWith(line.split("\\s+")[0], STREAM, "active", "25", "25"));
        assertThat(lag("emails")).isEqualTo(25);

        AtomicInteger handled = new AtomicInteger();
        kanthorq.startWorker(
                "emails",
                task -> {
                    try {
                        Thread.sleep(20); // slow enough to watch the lag fall
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    handled.incrementAndGet();
                },
                fastOptions().withConcurrency(1));

        await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() > 0 && handled.get() < 25);
        long midway = lag("emails");
        assertThat(midway).isBetween(1L, 24L);
        await().atMost(Duration.ofSeconds(10)).until(() -> lag("emails") == 0);
        assertThat(handled).hasValue(25);
        assertThat(lag("audit")).isEqualTo(25); // no worker: nothing moved
        Run after = cli("consumer", "ls");
        assertThat(after.out()).containsPattern("emails\\s+order_update\\s+active\\s+0\\s+0\\s+0\\s+0\\s+0\\s+25");
    }

    private long lag(String consumer) {
        Run run = cli("consumer", "describe", consumer, "--json");
        assertThat(run.exitCode()).isZero();
        return Long.parseLong(run.jsonValue("lag"));
    }
}
