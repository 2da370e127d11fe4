package io.kanthorq.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.management.TaskRecord;
import io.kanthorq.core.testsupport.EngineTest;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class GracefulStopTest extends EngineTest {

    @Test
    void stopLetsAnInFlightHandlerFinishAndLeavesNothingRunning() {
        register(consumer("draining", "order.>").build());
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        Worker worker = kanthorq.startWorker(
                "draining",
                task -> {
                    started.countDown();
                    Thread.sleep(1_000);
                    finished.set(true);
                },
                fastOptions().withShutdownTimeout(Duration.ofSeconds(10)));
        Event event = publish("order.created", "x");
        await().atMost(Duration.ofSeconds(5)).until(() -> started.await(10, TimeUnit.MILLISECONDS));

        worker.stop();

        assertThat(finished).isTrue();
        assertThat(worker.isRunning()).isFalse();
        assertThat(task("draining", event.id()).state()).isEqualTo(TaskState.COMPLETED);
    }

    @Test
    void aHandlerStillRunningAtTheTimeoutIsInterruptedAndLeftToItsLease() {
        register(consumer("overrunning", "order.>")
                .visibilityTimeout(Duration.ofSeconds(2))
                .build());
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Worker worker = kanthorq.startWorker(
                "overrunning",
                task -> {
                    started.countDown();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                        throw e;
                    }
                },
                fastOptions().withShutdownTimeout(Duration.ofMillis(300)));
        Event event = publish("order.created", "x");
        await().atMost(Duration.ofSeconds(5)).until(() -> started.await(10, TimeUnit.MILLISECONDS));

        worker.stop();

        await().atMost(Duration.ofSeconds(2)).untilTrue(interrupted);
        TaskRecord task = task("overrunning", event.id());
        assertThat(task.state()).isEqualTo(TaskState.RUNNING);
        assertThat(task.errors()).isEmpty();
        // another instance picks it up once the lease has expired
        kanthorq.startWorker("overrunning", t -> {}, fastOptions());
        await().atMost(Duration.ofSeconds(8))
                .until(() -> task("overrunning", event.id()).state() == TaskState.COMPLETED);
    }
}
