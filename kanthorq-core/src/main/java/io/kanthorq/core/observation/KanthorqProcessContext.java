package io.kanthorq.core.observation;

import io.kanthorq.core.TaskContext;
import io.micrometer.observation.transport.ReceiverContext;
import java.util.Map;

/**
 * The observation context of one handler attempt: the task (consumer, event, attempt). Its carrier is
 * the event's metadata, so a tracing handler's propagator continues the trace the publish stored there,
 * on the first attempt, on retries and after a redrive alike.
 */
public final class KanthorqProcessContext extends ReceiverContext<Map<String, String>> {

    private final String stream;
    private final TaskContext task;
    private volatile String outcome = "completed";

    KanthorqProcessContext(String stream, TaskContext task) {
        super((carrier, key) -> carrier.get(key));
        setCarrier(task.event().metadata());
        this.stream = stream;
        this.task = task;
        setRemoteServiceName("kanthorq");
    }

    /** The stream of the task's consumer. */
    public String stream() {
        return stream;
    }

    /** The task whose handler runs. */
    public TaskContext task() {
        return task;
    }

    /** How the attempt ended: {@code completed}, {@code retry}, {@code discarded} or {@code error}. */
    public String outcome() {
        return outcome;
    }

    void outcome(String outcome) {
        this.outcome = outcome;
    }
}
