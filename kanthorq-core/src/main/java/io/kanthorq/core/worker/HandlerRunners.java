package io.kanthorq.core.worker;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs queued handler invocations on at most {@code concurrency} threads of an executor. A thread that
 * finishes one takes the next from the queue instead of parking, and a new thread is woken only while
 * fewer than {@code concurrency} run: a claimed batch of N tasks costs at most
 * {@code min(N, concurrency)} thread wake-ups instead of a hand-off (and usually a futex call) per task.
 */
final class HandlerRunners {

    private final Executor executor;
    private final int concurrency;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger runners = new AtomicInteger();

    HandlerRunners(Executor executor, int concurrency) {
        this.executor = executor;
        this.concurrency = concurrency;
    }

    /**
     * Queues {@code work} and starts a runner for each item while fewer than {@code concurrency} run.
     *
     * @throws RejectedExecutionException when the executor takes no more work (it was shut down)
     */
    void submit(List<? extends Runnable> work) {
        queue.addAll(work);
        for (int i = 0; i < work.size() && tryStartRunner(); i++) {
            try {
                executor.execute(this::run);
            } catch (RejectedExecutionException e) {
                runners.decrementAndGet();
                throw e;
            }
        }
    }

    private boolean tryStartRunner() {
        for (int n = runners.get(); n < concurrency; n = runners.get()) {
            if (runners.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    private void run() {
        boolean counted = true;
        try {
            do {
                for (Runnable r; (r = queue.poll()) != null; ) {
                    r.run();
                }
                runners.decrementAndGet();
                counted = false;
                // work queued between the last poll and the decrement may have found every runner busy
            } while (!queue.isEmpty() && (counted = tryStartRunner()));
        } finally {
            if (counted) {
                runners.decrementAndGet(); // an item threw: this thread ends, another runner takes over
            }
        }
    }
}
