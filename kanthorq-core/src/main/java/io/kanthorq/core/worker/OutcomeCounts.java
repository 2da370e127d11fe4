package io.kanthorq.core.worker;

import io.kanthorq.core.internal.Jdbc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the outcomes this engine's workers write, per consumer, and adds them to
 * {@code kanthorq_consumer_minutes} every {@value #FLUSH_SECONDS} seconds in one statement (the minute
 * is the database's at the flush). Counts that could not be written are kept for the next flush, so a
 * short outage loses nothing; an instance that dies loses at most one interval of its counts, which is
 * what a chart can afford. Rows older than seven days are deleted once an hour.
 */
final class OutcomeCounts {

    static final int FLUSH_SECONDS = 10;
    private static final long KEEP_MINUTES = 7 * 24 * 60;
    private static final long PURGE_EVERY_MS = 3_600_000;

    private static final Logger log = LoggerFactory.getLogger(OutcomeCounts.class);

    private static final String MINUTE = "floor(extract(epoch from statement_timestamp()) / 60)::bigint";

    private static final String ADD = """
            INSERT INTO kanthorq_consumer_minutes AS m (consumer_name, minute, completed, retried, discarded)
            SELECT u.c, %s, u.a, u.r, u.d
            FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[]) AS u(c, a, r, d)
            ORDER BY u.c
            ON CONFLICT (consumer_name, minute) DO UPDATE
                SET completed = m.completed + excluded.completed,
                    retried = m.retried + excluded.retried,
                    discarded = m.discarded + excluded.discarded
            """.formatted(MINUTE);

    private static final String PURGE = "DELETE FROM kanthorq_consumer_minutes WHERE minute < " + MINUTE + " - ?";

    private record Counts(LongAdder completed, LongAdder retried, LongAdder discarded) {
        Counts() {
            this(new LongAdder(), new LongAdder(), new LongAdder());
        }
    }

    private final Jdbc jdbc;
    private final Map<String, Counts> counts = new ConcurrentHashMap<>();
    private ScheduledExecutorService flusher;
    private long lastPurge;
    private boolean warned;

    OutcomeCounts(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Longest a stop waits for the last flush. */
    static final Duration FINAL_FLUSH_WAIT = Duration.ofSeconds(2);

    /** Adds a batch's outcomes of {@code consumer}. */
    void add(String consumer, long completed, long retried, long discarded) {
        if (completed + retried + discarded == 0) {
            return;
        }
        Counts c = counts.computeIfAbsent(consumer, name -> new Counts());
        c.completed.add(completed);
        c.retried.add(retried);
        c.discarded.add(discarded);
    }

    /** Starts flushing in the background (idempotent). */
    synchronized void start() {
        if (flusher != null) {
            return;
        }
        flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kanthorq-outcome-counts");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, FLUSH_SECONDS, FLUSH_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Stops flushing after writing what is counted, waiting at most {@link #FINAL_FLUSH_WAIT} for it:
     * the counts feed a chart, and a stop must not wait out a pool's connection timeout when the
     * database has gone first (a JVM exiting, where the server's shutdown runs beside the context's).
     */
    void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = flusher;
            flusher = null;
        }
        if (running == null) {
            flushQuietly();
            return;
        }
        running.execute(this::flushQuietly);
        running.shutdown();
        try {
            if (!running.awaitTermination(FINAL_FLUSH_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                running.shutdownNow();
                log.debug("kanthorq: the last outcome counts were not recorded within {}", FINAL_FLUSH_WAIT);
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            if (!warned) {
                warned = true;
                log.warn(
                        "kanthorq: cannot record outcome counts for the dashboard's chart (is the registry at"
                                + " version 4?): {}",
                        e.getMessage());
            }
        }
    }

    /** Writes what was counted since the last flush; on failure the counts are kept. */
    synchronized void flush() {
        Map<String, long[]> taken = new TreeMap<>();
        counts.forEach((consumer, c) -> {
            long[] n = {c.completed.sumThenReset(), c.retried.sumThenReset(), c.discarded.sumThenReset()};
            if (n[0] + n[1] + n[2] > 0) {
                taken.put(consumer, n);
            }
        });
        if (taken.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>(taken.keySet());
        Long[][] columns = new Long[3][names.size()];
        for (int i = 0; i < names.size(); i++) {
            long[] n = taken.get(names.get(i));
            for (int k = 0; k < 3; k++) {
                columns[k][i] = n[k];
            }
        }
        try {
            jdbc.detachedStatement(
                    "record outcome counts",
                    connection -> Jdbc.update(
                            connection,
                            ADD,
                            new Jdbc.SqlArray("text", names.toArray(String[]::new)),
                            new Jdbc.SqlArray("bigint", columns[0]),
                            new Jdbc.SqlArray("bigint", columns[1]),
                            new Jdbc.SqlArray("bigint", columns[2])));
            warned = false;
        } catch (RuntimeException e) {
            taken.forEach((consumer, n) -> add(consumer, n[0], n[1], n[2]));
            throw e;
        }
        long now = System.currentTimeMillis();
        if (now - lastPurge >= PURGE_EVERY_MS) {
            lastPurge = now;
            jdbc.detachedStatement(
                    "delete old outcome counts", connection -> Jdbc.update(connection, PURGE, KEEP_MINUTES));
        }
    }
}
