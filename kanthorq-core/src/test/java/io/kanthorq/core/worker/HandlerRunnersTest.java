package io.kanthorq.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandlerRunnersTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void shutDown() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void runsEveryItemOnceAndNeverMoreThanTheConcurrencyAtOnce() {
        HandlerRunners runners = new HandlerRunners(pool, 3);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Set<Integer> ran = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        int total = 0;
        // small batches from one thread while runners finish and exit: the race the re-check covers
        for (int batch = 0; batch < 2_000; batch++) {
            List<Runnable> work = new ArrayList<>();
            for (int i = 0; i < 1 + batch % 7; i++) {
                int id = total++;
                work.add(() -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    if (ThreadLocalRandom.current().nextInt(50) == 0) {
                        Thread.onSpinWait();
                    }
                    if (!ran.add(id)) {
                        duplicates.incrementAndGet();
                    }
                    running.decrementAndGet();
                });
            }
            runners.submit(work);
        }
        int expected = total;
        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == expected);
        assertThat(duplicates).hasValue(0);
        assertThat(mostAtOnce.get()).isBetween(1, 3);
    }

    @Test
    void startsAnotherRunnerWhileEveryRunnerIsBlocked() throws InterruptedException {
        HandlerRunners runners = new HandlerRunners(pool, 2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch secondStarted = new CountDownLatch(1);
        runners.submit(List.of(() -> awaitQuietly(release)));
        runners.submit(List.of(secondStarted::countDown));
        // the first item blocks its runner; the second must not wait behind it
        assertThat(secondStarted.await(5, TimeUnit.SECONDS)).isTrue();
        release.countDown();
    }

    @Test
    void anItemThatThrowsDoesNotCostARunner() {
        HandlerRunners runners = new HandlerRunners(pool, 1);
        runners.submit(List.of(() -> {
            throw new IllegalStateException("boom");
        }));
        AtomicInteger ran = new AtomicInteger();
        // the pool thread dies of the exception (as a handler thread would); that is not this test's failure
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            runners.submit(List.of(ran::incrementAndGet));
            assertThat(ran.get()).isPositive();
        });
    }

    @Test
    void reportsAnExecutorThatWasShutDown() {
        pool.shutdown();
        HandlerRunners runners = new HandlerRunners(pool, 2);
        assertThatThrownBy(() -> runners.submit(List.of(() -> {}))).isInstanceOf(RejectedExecutionException.class);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
