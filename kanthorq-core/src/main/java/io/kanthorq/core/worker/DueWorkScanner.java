package io.kanthorq.core.worker;

import io.kanthorq.core.internal.Jdbc;
import io.kanthorq.core.internal.Sql;
import io.kanthorq.core.internal.SqlTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every parked worker loop of an engine with one statement, so that an idle instance costs one
 * read per poll interval whatever the number of its consumers (each loop polling on its own cost about
 * three statements per consumer per interval).
 *
 * <p>A loop that finds nothing to do parks here instead of polling. Each scan reads, for every parked
 * consumer, whether its stream holds events to move, when its next ready task is due and when its next
 * lease expires (the statements the loop's own poll ran, in one {@code UNION ALL}). A consumer with work
 * is woken at once; one with a task or lease due later is woken at that time, by the database clock.
 * A newly parked loop is scanned within {@link #FRESH_DELAY_MS} (batched with others), so a retry
 * scheduled by its last turn is not left to the next full scan. A notification wakes a loop without the
 * scanner. When a scan fails (the database is down, a consumer was removed), every loop it covered is
 * woken to find out on its own and reports the error itself.
 */
final class DueWorkScanner {

    /** A parked loop as the scanner sees it. */
    interface Parked {
        String consumer();

        String stream();

        long pollMs();

        /** Ends the park: {@code move} when events wait in the stream, {@code rescue} when a lease expired. */
        void wake(boolean move, boolean rescue);
    }

    private static final Logger log = LoggerFactory.getLogger(DueWorkScanner.class);

    /** How long a newly parked loop waits for others to park before they are scanned together. */
    static final long FRESH_DELAY_MS = 20;

    // The probe of StreamMover.pending and the schedule of TaskClaimer.nextDue, for one consumer. A
    // cursor from another cluster counts as work: the loop's move then fails with the explanation.
    private static final SqlTemplate BRANCH = SqlTemplate.of(Sql.format("""
            (WITH r AS (
                SELECT name, paused, window_snapshot, cursor_snapshot FROM kanthorq_consumer_registry WHERE name = ?
            )
            SELECT r.name,
                   (NOT r.paused AND (r.window_snapshot IS NOT NULL
                     OR EXISTS (SELECT 1 FROM %2$s s WHERE s.txid >= (SELECT pg_snapshot_xmax(cursor_snapshot) FROM r))
                     OR EXISTS (SELECT 1 FROM %2$s s
                                WHERE s.txid = ANY (ARRAY(SELECT pg_snapshot_xip(cursor_snapshot) FROM r)))))
                   OR pg_snapshot_xmax(r.cursor_snapshot) > pg_snapshot_xmax(pg_current_snapshot()) AS move,
                   CASE WHEN NOT r.paused THEN
                       (SELECT min(schedule_at) FROM %1$s WHERE state IN ({AVAILABLE}, {RETRYABLE})) - {now}
                   END AS ready_in,
                   (SELECT min(schedule_at) FROM %1$s WHERE state = {RUNNING}) - {now} AS lease_in
            FROM r)"""));

    private static final class Entry {
        final Parked loop;
        volatile boolean scanned;
        volatile long dueAt = Long.MAX_VALUE;
        volatile boolean rescueAtDue;

        Entry(Parked loop) {
            this.loop = loop;
        }
    }

    private final Jdbc jdbc;
    private final Map<Parked, Entry> parked = new ConcurrentHashMap<>();
    private final Wakeup wakeup = new Wakeup();
    private volatile boolean running;
    private Thread thread;
    private boolean failing;

    DueWorkScanner(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "kanthorq-scanner");
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void stop() {
        running = false;
        wakeup.signal();
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    /** Parks {@code loop} until it has work; it is scanned shortly. */
    void park(Parked loop) {
        parked.put(loop, new Entry(loop));
        wakeup.signal();
    }

    /** Takes {@code loop} off the watch list (woken by other means, or stopping). */
    void unpark(Parked loop) {
        parked.remove(loop);
    }

    /** Loops parked now (for tests and the health of an idle engine). */
    int parkedCount() {
        return parked.size();
    }

    private void run() {
        long nextFullScan = System.nanoTime();
        while (running) {
            try {
                nextFullScan = turn(nextFullScan);
            } catch (RuntimeException e) {
                // never leave a loop parked behind a broken scanner
                log.error("kanthorq: idle scanner failed, waking every parked worker: {}", e.getMessage(), e);
                parked.values().forEach(entry -> wake(entry, true, true));
                wakeup.await(1000);
            }
        }
        parked.values().forEach(entry -> wake(entry, true, false));
    }

    /** One pass: wake what is due, scan, sleep; returns when the next full scan is due. */
    private long turn(long nextFullScan) {
        long now = System.nanoTime();
        for (Entry entry : parked.values()) {
            if (entry.dueAt - now <= 0) {
                wake(entry, false, entry.rescueAtDue);
            }
        }
        boolean full = now - nextFullScan >= 0;
        List<Entry> scan = new ArrayList<>();
        long pollMs = Long.MAX_VALUE;
        for (Entry entry : parked.values()) {
            pollMs = Math.min(pollMs, entry.loop.pollMs());
            if (full || !entry.scanned) {
                scan.add(entry);
            }
        }
        if (!scan.isEmpty()) {
            if (!full) {
                // batch the loops parking at about the same time into one statement
                pause(FRESH_DELAY_MS);
                scan = unscanned();
            }
            scan(scan, System.nanoTime());
        }
        if (full || pollMs == Long.MAX_VALUE) {
            nextFullScan = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pollMs == Long.MAX_VALUE ? 1000 : pollMs);
        }
        long until = nextFullScan;
        for (Entry entry : parked.values()) {
            until = Math.min(until, entry.dueAt);
        }
        long sleep = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
        if (sleep > 0 && unscanned().isEmpty()) {
            wakeup.await(sleep);
        }
        return nextFullScan;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Entry> unscanned() {
        List<Entry> fresh = new ArrayList<>();
        for (Entry entry : parked.values()) {
            if (!entry.scanned) {
                fresh.add(entry);
            }
        }
        return fresh;
    }

    private void scan(List<Entry> entries, long scannedAt) {
        if (entries.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder();
        Object[] params = new Object[entries.size()];
        Map<String, Entry> byConsumer = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (i > 0) {
                sql.append("\nUNION ALL\n");
            }
            sql.append(BRANCH.forConsumerAndStream(entry.loop.consumer(), entry.loop.stream()));
            params[i] = entry.loop.consumer();
            byConsumer.put(entry.loop.consumer(), entry);
            entry.scanned = true;
        }
        try {
            List<Object[]> rows = jdbc.detachedStatement(
                    "scan " + entries.size() + " idle consumer(s)",
                    connection -> Jdbc.query(
                            connection,
                            sql.toString(),
                            rs -> new Object[] {
                                rs.getString(1), rs.getBoolean(2), Jdbc.getLong(rs, 3), Jdbc.getLong(rs, 4)
                            },
                            params));
            if (failing) {
                log.info("kanthorq: idle scan works again");
                failing = false;
            }
            for (Object[] row : rows) {
                Entry entry = byConsumer.remove((String) row[0]);
                if (entry != null) {
                    decide(entry, (Boolean) row[1], (Long) row[2], (Long) row[3], scannedAt);
                }
            }
            // a consumer without a registry row (removed meanwhile): its loop finds out on its own
            byConsumer.values().forEach(entry -> wake(entry, true, false));
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("kanthorq: idle scan failed, the parked workers poll on their own: {}", e.getMessage());
                failing = true;
            }
            entries.forEach(entry -> wake(entry, true, true));
        }
    }

    private void decide(Entry entry, boolean move, Long readyIn, Long leaseIn, long scannedAt) {
        boolean leaseExpired = leaseIn != null && leaseIn < 0;
        if (move || leaseExpired || (readyIn != null && readyIn <= 0)) {
            wake(entry, move, leaseExpired);
            return;
        }
        long inMs = Long.MAX_VALUE;
        boolean rescue = false;
        if (readyIn != null) {
            inMs = readyIn;
        }
        if (leaseIn != null && leaseIn + 1 < inMs) {
            inMs = leaseIn + 1;
            rescue = true;
        }
        if (inMs != Long.MAX_VALUE) {
            entry.rescueAtDue = rescue;
            entry.dueAt = scannedAt + TimeUnit.MILLISECONDS.toNanos(inMs);
        }
    }

    private void wake(Entry entry, boolean move, boolean rescue) {
        if (parked.remove(entry.loop, entry)) {
            entry.loop.wake(move, rescue);
        }
    }
}
