package io.kanthorq.spring.autoconfigure;

import io.kanthorq.core.TaskContext;
import io.kanthorq.core.TaskListener;
import io.kanthorq.spring.KanthorqTaskDiscarded;
import java.time.Duration;
import org.springframework.context.ApplicationEventPublisher;

/** Raises {@link KanthorqTaskDiscarded} application events for dead-lettered tasks. */
final class DiscardedTaskEvents implements TaskListener {

    private final ApplicationEventPublisher events;

    DiscardedTaskEvents(ApplicationEventPublisher events) {
        this.events = events;
    }

    @Override
    public void failed(TaskContext task, Throwable error, boolean discarded, Duration took) {
        if (discarded) {
            events.publishEvent(new KanthorqTaskDiscarded(
                    task.consumer(),
                    task.event(),
                    task.attempt(),
                    task.attemptMax(),
                    error.getClass().getName(),
                    error.getMessage() == null ? "" : error.getMessage()));
        }
    }
}
