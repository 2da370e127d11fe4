package io.kanthorq.core.testsupport;

import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.KanthorqException;
import io.kanthorq.core.NewEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes small batches on a thread of its own until stopped, as a busy application would while a fault test cuts
 * its database. A refused batch (the server is down) was not written: it is counted and the loop carries on.
 */
public final class BackgroundPublisher implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger refused = new AtomicInteger();
    private final Thread thread;

    private BackgroundPublisher(Kanthorq kanthorq, String stream, int batch, String name) {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            events.add(NewEvent.of("order.created", "e" + i));
        }
        thread = new Thread(
                () -> {
                    while (running.get()) {
                        try {
                            kanthorq.publisher().publishAll(stream, events);
                            Thread.sleep(5);
                        } catch (KanthorqException e) {
                            refused.incrementAndGet();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                name);
    }

    /** Starts publishing batches of {@code batch} {@code order.created} events to {@code stream}. */
    public static BackgroundPublisher start(Kanthorq kanthorq, String stream, int batch, String name) {
        BackgroundPublisher publisher = new BackgroundPublisher(kanthorq, stream, batch, name);
        publisher.thread.start();
        return publisher;
    }

    /** Batches the database refused. */
    public int refused() {
        return refused.get();
    }

    /** Stops after the batch in progress and waits for the thread. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join();
    }
}
