package io.kanthorq.spring.runtime;

import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.retention.RetentionPolicy;
import io.kanthorq.core.retention.RetentionReport;
import io.kanthorq.core.retention.RetentionScheduler;
import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.context.SmartLifecycle;

/**
 * Runs core's {@link RetentionScheduler} with the application context: started once the registry is
 * migrated (lifecycle start follows the initializer), stopped before the workers at shutdown.
 */
public final class KanthorqRetention implements SmartLifecycle {

    private final RetentionScheduler scheduler;
    private final RetentionPolicy policy;
    private volatile boolean running;

    /** Schedules {@code policy} every {@code interval}, reporting each pass to {@code listener}. */
    public KanthorqRetention(
            Kanthorq kanthorq, RetentionPolicy policy, Duration interval, Consumer<RetentionReport> listener) {
        this.policy = policy;
        this.scheduler = new RetentionScheduler(kanthorq.retention(), policy, interval, listener);
    }

    /** The policy this instance applies. */
    public RetentionPolicy policy() {
        return policy;
    }

    @Override
    public void start() {
        scheduler.start();
        running = true;
    }

    @Override
    public void stop() {
        scheduler.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return KanthorqWorkers.PHASE + 1; // stops before the workers
    }
}
