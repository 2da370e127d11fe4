package io.kanthorq.sample;

import io.kanthorq.core.TaskContext;
import io.kanthorq.core.TaskListener;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One INFO line per completed task. The engine itself writes one line per failed attempt (INFO
 * when the task will be retried, WARN when it is discarded), so every outcome shows up exactly
 * once in the log. Any {@link TaskListener} bean is told about every outcome by the starter;
 * it runs on the worker's outcome-writing thread, so it must stay this cheap.
 */
@Component
class TaskOutcomeLog implements TaskListener {

    private static final Logger log = LoggerFactory.getLogger(TaskOutcomeLog.class);

    @Override
    public void completed(TaskContext task, Duration took) {
        log.info(
                "kanthorq: task {} of consumer {} completed: {} (attempt {}, {} ms{})",
                task.event().id(),
                task.consumer(),
                task.event().subject(),
                task.attempt(),
                took.toMillis(),
                // written on the worker's outcome thread, outside the attempt's trace: name it
                task.event().traceId() == null ? "" : ", trace " + task.event().traceId());
    }
}
