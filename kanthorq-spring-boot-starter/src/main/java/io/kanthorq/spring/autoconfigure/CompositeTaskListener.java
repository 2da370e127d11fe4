package io.kanthorq.spring.autoconfigure;

import io.kanthorq.core.TaskContext;
import io.kanthorq.core.TaskListener;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls every {@link TaskListener} bean; one failing listener cannot disturb the worker or the others. */
final class CompositeTaskListener implements TaskListener {

    private static final Logger log = LoggerFactory.getLogger(CompositeTaskListener.class);

    private final List<TaskListener> listeners;

    /** A listener calling {@code listeners} in order. */
    CompositeTaskListener(List<TaskListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void completed(TaskContext task, Duration took) {
        each(listener -> listener.completed(task, took));
    }

    @Override
    public void failed(TaskContext task, Throwable error, boolean discarded, Duration took) {
        each(listener -> listener.failed(task, error, discarded, took));
    }

    @Override
    public void fenced(TaskContext task) {
        each(listener -> listener.fenced(task));
    }

    private void each(Consumer<TaskListener> call) {
        for (TaskListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                log.warn("kanthorq: task listener {} failed: {}", listener, e.toString());
            }
        }
    }
}
