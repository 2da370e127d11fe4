package io.kanthorq.core.worker;

import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.core.InlineWorker;
import io.kanthorq.core.TaskHandler;
import io.kanthorq.core.TaskListener;
import io.kanthorq.core.Worker;
import io.kanthorq.core.WorkerOptions;
import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.LocalPublishes;
import io.kanthorq.core.internal.Observations;

/**
 * The worker side of one engine: starts worker loops over the shared {@link WorkerParts} and stops
 * the notification listener they share. The engine ({@code Kanthorq}) owns it; applications start
 * workers through {@code Kanthorq.startWorker}.
 */
public final class WorkerRuntime {

    private final WorkerParts parts;

    /**
     * The worker side of an engine over {@code provider}: its statements hold at most {@code connections}
     * connections at once, whatever the number of consumers, plus one for {@code LISTEN} from
     * {@code listen} (null: no {@code LISTEN}, idle workers are woken by the scanner's polls).
     */
    public WorkerRuntime(ConnectionProvider provider, int connections, ConnectionProvider listen) {
        this(provider, connections, listen, Observations.NONE);
    }

    /** The same, reporting every handler attempt to {@code observations}. */
    public WorkerRuntime(
            ConnectionProvider provider, int connections, ConnectionProvider listen, Observations observations) {
        this.parts = WorkerParts.over(new Jdbc(new ConnectionBudget(provider, connections)), listen, observations);
    }

    /** Starts the loop of {@code consumer}, which reads {@code stream}. */
    public Worker start(
            String consumer, String stream, TaskHandler handler, WorkerOptions options, TaskListener listener) {
        WorkerLoop worker = new WorkerLoop(consumer, stream, handler, options, listener, parts);
        parts.notifications().start();
        parts.scanner().start();
        parts.counts().start();
        worker.start();
        return worker;
    }

    /** An inline worker of {@code consumer}, which reads {@code stream}: it runs due tasks on the caller's thread. */
    public InlineWorker inline(String consumer, String stream, TaskHandler handler, TaskListener listener) {
        parts.counts().start();
        return new InlineRunner(consumer, stream, handler, listener, parts);
    }

    /** What this engine's publisher reports its own commits to, so that its workers start at once. */
    public LocalPublishes localPublishes() {
        return parts.notifications();
    }

    /** Stops the notification listener (after every worker stopped). */
    public void stop() {
        parts.scanner().stop();
        parts.notifications().stop();
        parts.counts().stop();
    }
}
