package io.kanthorq.core.worker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A wake-up signal for one waiting thread that is never lost: a signal given while the thread is busy
 * ends its next wait at once.
 */
final class Wakeup {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition condition = lock.newCondition();
    private boolean signalled;

    /** Ends the current wait, or the next one if nobody waits. */
    void signal() {
        lock.lock();
        try {
            signalled = true;
            condition.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until signalled or {@code millis} passed, and consumes the signal. Returns false when the
     * thread was interrupted (its interrupt flag stays set).
     */
    boolean await(long millis) {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
            while (!signalled && nanos > 0) {
                nanos = condition.awaitNanos(nanos);
            }
            signalled = false;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }
}
