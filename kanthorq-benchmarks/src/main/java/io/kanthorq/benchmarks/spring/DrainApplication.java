package io.kanthorq.benchmarks.spring;

import io.kanthorq.spring.KanthorqSubscriber;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;

/** The Spring application of scenario 8: the starter, properties and one annotated no-op handler. */
@SpringBootApplication
public class DrainApplication {

    /** Counts handled tasks and remembers when the first and the last ran. */
    @Component
    public static class Handler {
        private final AtomicLong handled = new AtomicLong();
        private volatile long firstNanos;
        private volatile long lastNanos;

        @KanthorqSubscriber(consumer = "spring_drain")
        void on(String body) {
            long now = System.nanoTime();
            if (handled.getAndIncrement() == 0) {
                firstNanos = now;
            }
            lastNanos = now;
        }

        /** Tasks handled so far. */
        public long handled() {
            return handled.get();
        }

        /** Nanoseconds from the first handled task to the last. */
        public long elapsedNanos() {
            return lastNanos - firstNanos;
        }
    }
}
