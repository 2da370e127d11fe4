package io.kanthorq.spring.autoconfigure;

import java.util.concurrent.ThreadFactory;
import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * Chooses the threads subscriber methods run on: virtual threads when the application asked for
 * them ({@code spring.threads.virtual.enabled=true}) and the runtime is Java 21 or newer, else
 * core's named platform threads.
 */
final class HandlerThreads {

    private final boolean virtual;

    /** Virtual threads when {@code virtual} is true (the caller checked property and Java version). */
    HandlerThreads(boolean virtual) {
        this.virtual = virtual;
    }

    /** Whether handlers run on virtual threads. */
    public boolean isVirtual() {
        return virtual;
    }

    /** The factory for {@code consumer}'s handlers, or null for core's platform threads. */
    public ThreadFactory factoryFor(String consumer) {
        // Spring's executor is a multi-release class: on Java 21+ it builds
        // Thread.ofVirtual().name(prefix, 0).factory(), which this Java 17 build cannot call directly.
        return virtual ? new VirtualThreadTaskExecutor("kanthorq-" + consumer + "-").getVirtualThreadFactory() : null;
    }
}
