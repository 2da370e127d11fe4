package io.kanthorq.core.internal;

import io.kanthorq.core.Event;
import java.util.function.Supplier;

/**
 * The event whose task the current thread's handler is running, so that what the handler publishes
 * joins its chain (causation = that event, correlation = that event's correlation) without any code
 * of the handler. Set by the worker around each handler call, on the handler's thread only: work the
 * handler hands to other threads publishes roots.
 */
public final class CurrentTask {

    private static final ThreadLocal<Event> EVENT = new ThreadLocal<>();

    private CurrentTask() {}

    /** The event of the task whose handler runs on this thread, or null. */
    public static Event event() {
        return EVENT.get();
    }

    /** Runs {@code call} as the handler of {@code event}'s task, restoring what was current before. */
    public static <T, E extends Throwable> T runAs(Event event, ThrowingSupplier<T, E> call) throws E {
        Event before = EVENT.get();
        EVENT.set(event);
        try {
            return call.get();
        } finally {
            if (before == null) {
                EVENT.remove();
            } else {
                EVENT.set(before);
            }
        }
    }

    /** A {@link Supplier} that may throw. */
    @FunctionalInterface
    public interface ThrowingSupplier<T, E extends Throwable> {
        T get() throws E;
    }
}
