package io.kanthorq.core.worker;

import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.core.internal.LocalPublishes;
import io.kanthorq.core.internal.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's single {@code LISTEN} connection. Publishers notify channel {@code kanthorq} with
 * the stream name; the listener wakes the workers of that stream. After a lost connection it
 * reconnects with backoff and wakes every worker, since notifications may have been missed meanwhile.
 *
 * <p>This instance's own auto-commit publishes wake its workers directly when they return
 * ({@link LocalPublishes}), which saves the notification's trip through the server. The notification
 * of such a publish, recognised by the publishing backend's process id and the stream, is then
 * skipped, so one publish costs one turn and not two. Skipping another commit's notification by
 * mistake is harmless: only notifications of the publishing backend count, and that backend ran
 * them before the publish whose direct wake-up follows.
 */
final class NotificationListener implements Runnable, LocalPublishes {

    private static final Logger log = LoggerFactory.getLogger(NotificationListener.class);
    private static final int WAIT_MS = 500;
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(30);

    // an expected notification that has not arrived by then never will (e.g. a pooler's process ids)
    private static final long EXPECTED_FOR_NANOS = Duration.ofSeconds(2).toNanos();

    private final ConnectionProvider provider;
    private final Map<String, List<Runnable>> wakers = new ConcurrentHashMap<>();
    private final Map<Publisher, Expected> expected = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile Thread thread;

    /** A listener over {@code provider}; null for none (poll only: {@link #start} does nothing). */
    NotificationListener(ConnectionProvider provider) {
        this.provider = provider;
    }

    /** Calls {@code waker} whenever {@code stream} is notified or the connection was re-established. */
    void subscribe(String stream, Runnable waker) {
        wakers.computeIfAbsent(stream, s -> new CopyOnWriteArrayList<>()).add(waker);
    }

    void unsubscribe(String stream, Runnable waker) {
        List<Runnable> list = wakers.get(stream);
        if (list != null) {
            list.remove(waker);
        }
    }

    @Override
    public int starting(Connection connection, String stream) {
        if (thread == null) {
            return 0; // not listening (poll only, or no worker yet): no notification to skip
        }
        int pid;
        try {
            pid = connection.unwrap(PGConnection.class).getBackendPID();
        } catch (SQLException e) {
            return 0;
        }
        long now = System.nanoTime();
        expected.compute(
                new Publisher(pid, stream),
                (key, e) -> e == null || e.stale(now) ? new Expected(1, now) : new Expected(e.count() + 1, now));
        return pid;
    }

    @Override
    public void finished(int started, String stream, boolean committed) {
        if (started != 0 && !committed) {
            expected.computeIfPresent(new Publisher(started, stream), (key, e) -> e.less());
        }
        wake(stream); // also after a failure: a notification may have been skipped meanwhile
    }

    /** Whether {@code notification} is one of this instance's own, already acted on (consumes it). */
    private boolean own(PGNotification notification) {
        if (expected.isEmpty()) {
            return false;
        }
        boolean[] own = {false};
        long now = System.nanoTime();
        expected.computeIfPresent(new Publisher(notification.getPID(), notification.getParameter()), (key, e) -> {
            if (e.stale(now)) {
                return null;
            }
            own[0] = true;
            return e.less();
        });
        return own[0];
    }

    synchronized void start() {
        if (provider == null) {
            return; // poll only: the scanner and the loops' own pauses find new events
        }
        if (thread == null) {
            thread = new Thread(this, "kanthorq-listener");
            thread.setDaemon(true);
            thread.start();
        }
    }

    void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(WAIT_MS * 4L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        int failures = 0;
        while (running) {
            Connection connection = null;
            try {
                connection = provider.acquireDetached();
                connection.setAutoCommit(true);
                try (var statement = connection.createStatement()) {
                    statement.execute("LISTEN " + Sql.CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                if (failures > 0) {
                    log.info("kanthorq: notification connection re-established");
                }
                failures = 0;
                expected.clear(); // notifications of the lost connection will not arrive on this one
                wakeAll(); // anything published while we were not listening
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(WAIT_MS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            if (!own(notification)) {
                                wake(notification.getParameter());
                            }
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                if (failures++ == 0) {
                    log.warn(
                            "kanthorq: notification connection lost, workers fall back to polling until it is back: {}",
                            e.getMessage());
                } else {
                    log.debug("kanthorq: notification connection still unavailable", e);
                }
                sleep(Math.min(MAX_RECONNECT_DELAY.toMillis(), 250L << Math.min(failures, 7)));
            } finally {
                if (connection != null) {
                    try {
                        provider.releaseDetached(connection);
                    } catch (SQLException e) {
                        // the connection is being replaced anyway
                    }
                }
            }
        }
    }

    private void wake(String stream) {
        List<Runnable> list = wakers.get(stream);
        if (list != null) {
            list.forEach(Runnable::run);
        }
    }

    private void wakeAll() {
        wakers.values().forEach(list -> list.forEach(Runnable::run));
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** A publishing backend and the stream it publishes on. */
    private record Publisher(int pid, String stream) {}

    /** How many of its notifications are expected, and when the last was announced. */
    private record Expected(int count, long lastNanos) {

        boolean stale(long now) {
            return now - lastNanos > EXPECTED_FOR_NANOS;
        }

        /** One fewer, or null (none left). */
        Expected less() {
            return count > 1 ? new Expected(count - 1, lastNanos) : null;
        }
    }
}
