package io.kanthorq.spring.runtime;

import io.kanthorq.core.Kanthorq;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-consumer backlog numbers for gauges and health, read for every consumer at once and at most once
 * per refresh interval ({@link io.kanthorq.core.management.Management#backlogs}: two statements whatever
 * the number of consumers, served by partial indexes): metric scrapes and health probes must not turn
 * into a steady load on the database.
 */
public final class ConsumerBacklog {

    /** How long numbers are reused before the database is asked again. */
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(5);

    /**
     * The numbers of one consumer; each is -1 when unknown (database not reachable or not ready).
     *
     * @param ready     tasks waiting to run (Available + Retryable)
     * @param running   tasks claimed by a worker
     * @param discarded dead-lettered tasks
     * @param unmoved   events of the stream not yet turned into tasks
     */
    public record Snapshot(long ready, long running, long discarded, long unmoved, long pending, long scheduled) {

        /** Nothing known. */
        public static final Snapshot UNKNOWN = new Snapshot(-1, -1, -1, -1, -1, -1);
    }

    private record Cached(Map<String, Snapshot> snapshots, long readAtNanos) {}

    private static final Logger log = LoggerFactory.getLogger(ConsumerBacklog.class);

    private final Kanthorq kanthorq;
    private final KanthorqInitializer initializer;
    private final long refreshNanos;
    private final LongSupplier clock;
    private Cached cache;

    /** Backlog of the consumers of {@code kanthorq}, refreshed at most every {@code refreshInterval}. */
    public ConsumerBacklog(Kanthorq kanthorq, KanthorqInitializer initializer, Duration refreshInterval) {
        this(kanthorq, initializer, refreshInterval, System::nanoTime);
    }

    ConsumerBacklog(Kanthorq kanthorq, KanthorqInitializer initializer, Duration refreshInterval, LongSupplier clock) {
        this.kanthorq = kanthorq;
        this.initializer = initializer;
        this.refreshNanos = refreshInterval.toNanos();
        this.clock = clock;
    }

    /** The numbers of {@code consumer}, from the cache when fresh enough. */
    public Snapshot snapshot(String consumer) {
        if (!initializer.isInitialized()) {
            return Snapshot.UNKNOWN;
        }
        return current().getOrDefault(consumer, Snapshot.UNKNOWN);
    }

    private synchronized Map<String, Snapshot> current() {
        long now = clock.getAsLong();
        if (cache == null || now - cache.readAtNanos() >= refreshNanos) {
            cache = new Cached(read(), now);
        }
        return cache.snapshots();
    }

    private Map<String, Snapshot> read() {
        try {
            Map<String, Snapshot> snapshots = new HashMap<>();
            kanthorq.management()
                    .backlogs()
                    .forEach((name, backlog) -> snapshots.put(
                            name,
                            new Snapshot(
                                    backlog.ready(),
                                    backlog.running(),
                                    backlog.discarded(),
                                    backlog.eventsNotMoved(),
                                    backlog.pending(),
                                    backlog.scheduled())));
            return snapshots;
        } catch (RuntimeException e) {
            // a failed read is cached too: a database in trouble is not asked again at every scrape
            log.debug("kanthorq: cannot read the consumers' backlog: {}", e.toString());
            return Map.of();
        }
    }
}
