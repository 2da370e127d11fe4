package io.kanthorq.spring.runtime;

import io.kanthorq.core.InlineWorker;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.TaskHandler;
import io.kanthorq.core.TaskListener;
import io.kanthorq.core.Worker;
import io.kanthorq.core.WorkerOptions;
import io.kanthorq.core.schedule.RecurringPublisher;
import io.kanthorq.core.schedule.ScheduleDefinition;
import io.kanthorq.spring.subscriber.SubscriberMethod;
import io.kanthorq.spring.support.PayloadCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Starts one worker per subscribed, enabled consumer once the context is ready, and drains them
 * on shutdown: stop claiming, release unstarted tasks, let running handlers finish within
 * {@code kanthorq.shutdown-timeout}. The drain runs off the caller's thread (Spring's
 * {@code stop(Runnable)} contract), and {@link #destroy()} waits for it so the data source is not
 * closed under running handlers even when Spring's per-phase shutdown timeout is shorter.
 */
public class KanthorqWorkers implements SmartLifecycle, DisposableBean {

    /** Late start (after web servers), early stop (before them). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private static final Logger log = LoggerFactory.getLogger(KanthorqWorkers.class);

    private final Kanthorq kanthorq;
    private final KanthorqTopology topology;
    private final KanthorqInitializer initializer;
    private final BeanFactory beanFactory;
    private final PayloadCodec codec;
    private final TaskListener listener;
    private final boolean workersEnabled;
    private final boolean manual;
    private final Duration shutdownTimeout;
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private volatile boolean running;
    private RecurringPublisher schedules;
    private volatile CompletableFuture<Void> stopping = CompletableFuture.completedFuture(null);

    /**
     * The workers of {@code topology}'s consumers on {@code kanthorq}; none starts when not
     * {@code workersEnabled} (publish only) or when {@code manual} (a test drives them).
     */
    public KanthorqWorkers(
            Kanthorq kanthorq,
            KanthorqTopology topology,
            KanthorqInitializer initializer,
            BeanFactory beanFactory,
            PayloadCodec codec,
            TaskListener listener,
            boolean workersEnabled,
            boolean manual,
            Duration shutdownTimeout) {
        this.kanthorq = kanthorq;
        this.topology = topology;
        this.initializer = initializer;
        this.beanFactory = beanFactory;
        this.codec = codec;
        this.listener = listener;
        this.workersEnabled = workersEnabled;
        this.manual = manual;
        this.shutdownTimeout = shutdownTimeout;
    }

    @Override
    public void start() {
        // a restart waits for the previous drain, outside the lock the drain needs to finish
        awaitStopped();
        synchronized (this) {
            if (!running) {
                startWorkers();
            }
        }
    }

    private void startWorkers() {
        List<SubscriberMethod> subscribers = initializer.ensureInitialized();
        if (!workersEnabled) {
            log.info("kanthorq: workers are disabled (kanthorq.workers.enabled=false): publishing only");
            running = true;
            return;
        }
        if (manual) {
            log.info("kanthorq: workers are in manual mode (kanthorq.workers.mode=manual): no worker or schedule"
                    + " starts; consumers run only when a test drives them");
            running = true;
            return;
        }
        Map<String, SubscriberMethod> byConsumer = byConsumer(subscribers);
        try {
            for (KanthorqTopology.ConsumerSettings consumer : topology.consumers()) {
                TaskHandler handler = handlerOf(consumer.name(), byConsumer);
                if (handler == null) {
                    if (consumer.workerEnabled()) {
                        log.warn(
                                "kanthorq: consumer {} has no @KanthorqSubscriber method in this application:"
                                        + " its tasks wait for another instance (set enabled: false to silence this)",
                                consumer.name());
                    }
                    continue;
                }
                if (!consumer.workerEnabled()) {
                    log.info("kanthorq: consumer {} is disabled here: no worker", consumer.name());
                    continue;
                }
                workers.put(
                        consumer.name(),
                        kanthorq.startWorker(consumer.name(), handler, consumer.workerOptions(), listener));
            }
        } catch (RuntimeException e) {
            stopWorkers();
            throw e;
        }
        if (!topology.schedules().isEmpty()) {
            try {
                schedules = kanthorq.startSchedules(topology.schedules());
            } catch (RuntimeException e) {
                stopWorkers();
                throw e;
            }
            log.info(
                    "kanthorq: publishing recurring events of {}",
                    topology.schedules().stream().map(ScheduleDefinition::name).toList());
        }
        running = true;
        if (!workers.isEmpty()) {
            log.info("kanthorq: started {} worker(s): {}", workers.size(), workers.keySet());
        }
    }

    @Override
    public void stop() {
        stop(() -> {});
        awaitStopped();
    }

    @Override
    public synchronized void stop(Runnable callback) {
        if (!running) {
            callback.run();
            return;
        }
        running = false;
        stopping = CompletableFuture.runAsync(this::stopWorkers, runnable -> {
                    Thread thread = new Thread(runnable, "kanthorq-shutdown");
                    thread.start();
                })
                .whenComplete((ignored, error) -> callback.run());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public void destroy() {
        awaitStopped();
    }

    /** The state of each configured consumer's worker in this instance, for health details. */
    public synchronized Map<String, String> states() {
        Map<String, String> states = new LinkedHashMap<>();
        for (KanthorqTopology.ConsumerSettings consumer : topology.consumers()) {
            states.put(consumer.name(), state(consumer));
        }
        return states;
    }

    /**
     * The state of {@code consumer}'s worker in this instance: running, stopped, disabled, manual or
     * no subscriber.
     */
    public synchronized String state(KanthorqTopology.ConsumerSettings consumer) {
        Worker worker = workers.get(consumer.name());
        if (!workersEnabled || !consumer.workerEnabled()) {
            return "disabled";
        }
        if (manual) {
            return "manual";
        }
        if (worker != null) {
            return worker.isRunning() ? "running" : "stopped";
        }
        return running && !hasSubscriber(consumer.name()) ? "no subscriber" : "stopped";
    }

    /** Whether this instance started {@code consumer}'s worker and it has stopped (see {@link #failedWorkers}). */
    public synchronized boolean hasFailed(String consumer) {
        Worker worker = workers.get(consumer);
        return running && worker != null && !worker.isRunning();
    }

    /** The consumers whose worker should run but does not, while the workers are started. */
    public synchronized List<String> failedWorkers() {
        List<String> failed = new ArrayList<>();
        if (running) {
            workers.forEach((name, worker) -> {
                if (!worker.isRunning()) {
                    failed.add(name);
                }
            });
        }
        return failed;
    }

    /**
     * An inline worker of {@code consumer} with the handler this application runs for it (declared in
     * code or a {@code @KanthorqSubscriber} method) and the application's task listeners (metrics,
     * discard events): runs the consumer's due tasks on the calling thread. This is what
     * {@code kanthorq-test} drives in {@code kanthorq.workers.mode=manual}.
     *
     * @throws IllegalArgumentException when this application has no handler for {@code consumer}
     */
    public InlineWorker inlineWorker(String consumer) {
        TaskHandler handler = handlerOf(consumer, byConsumer(initializer.ensureInitialized()));
        if (handler == null) {
            throw new IllegalArgumentException("kanthorq: consumer '" + consumer + "' has no handler in this"
                    + " application (no @KanthorqSubscriber method or declared handler); consumers with one: "
                    + handledConsumers());
        }
        return kanthorq.inlineWorker(consumer, handler, listener);
    }

    /** The configured consumers this application has a handler for, in configuration order. */
    public List<String> handledConsumers() {
        Map<String, SubscriberMethod> subscribers = byConsumer(initializer.ensureInitialized());
        return topology.consumers().stream()
                .map(KanthorqTopology.ConsumerSettings::name)
                .filter(name -> handlerOf(name, subscribers) != null)
                .toList();
    }

    private static Map<String, SubscriberMethod> byConsumer(List<SubscriberMethod> subscribers) {
        return subscribers.stream().collect(Collectors.toMap(SubscriberMethod::consumer, s -> s));
    }

    /** The handler declared in code with {@code consumer}, else its subscriber method's, else null. */
    private TaskHandler handlerOf(String consumer, Map<String, SubscriberMethod> subscribers) {
        TaskHandler declared = topology.declaredHandler(consumer).orElse(null);
        if (declared != null) {
            return declared;
        }
        SubscriberMethod subscriber = subscribers.get(consumer);
        return subscriber == null ? null : subscriber.handlerFor(beanFactory.getBean(subscriber.beanName()), codec);
    }

    private boolean hasSubscriber(String consumer) {
        if (topology.declaredHandler(consumer).isPresent()) {
            return true;
        }
        return initializer.isInitialized()
                && initializer.ensureInitialized().stream()
                        .anyMatch(s -> s.consumer().equals(consumer));
    }

    private void stopWorkers() {
        List<Worker> toStop;
        synchronized (this) {
            toStop = new ArrayList<>(workers.values());
            if (schedules != null) {
                schedules.close();
                schedules = null;
            }
        }
        // In parallel: each worker drains within the shutdown timeout, so the whole stop does too.
        if (toStop.isEmpty()) {
            return;
        }
        List<Thread> threads = new ArrayList<>();
        for (Worker worker : toStop) {
            Thread thread = new Thread(worker::stop, "kanthorq-stop-" + worker.consumer());
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        synchronized (this) {
            workers.clear();
        }
        log.info("kanthorq: {} worker(s) stopped", toStop.size());
    }

    private void awaitStopped() {
        try {
            // the workers stop in parallel, each within WorkerOptions.stopTimeout()
            stopping.get(WorkerOptions.stopTimeout(shutdownTimeout).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("kanthorq: workers did not stop cleanly: {}", e.toString());
        }
    }
}
