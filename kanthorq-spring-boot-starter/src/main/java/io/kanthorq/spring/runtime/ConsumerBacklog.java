package io.kanthorq.spring.runtime;

import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.management.TaskBacklog;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-consumer backlog numbers for gauges and health, read at most once per refresh interval per
 * consumer ({@link io.kanthorq.core.management.Management#backlog}, served by partial indexes): metric
 * scrapes and health probes must not turn into a steady load on the database.
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
    public record Snapshot(long ready, long running, long discarded, long unmoved) {

        /** Nothing known. */
        public static final Snapshot UNKNOWN = new Snapshot(-1, -1, -1, -1);
    }

    private record Cached(Snapshot snapshot, long readAtNanos) {}

    private static final Logger log = LoggerFactory.getLogger(ConsumerBacklog.class);

    private final Kanthorq kanthorq;
    private final KanthorqInitializer initializer;
    private final long refreshNanos;
    private final LongSupplier clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

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
        long now = clock.getAsLong();
        return cache.compute(
                        consumer,
                        (name, cached) -> cached != null && now - cached.readAtNanos() < refreshNanos
                                ? cached
                                : new Cached(read(name), now))
                .snapshot();
    }

    private Snapshot read(String consumer) {
        try {
            TaskBacklog backlog = kanthorq.management().backlog(consumer);
            return new Snapshot(backlog.ready(), backlog.running(), backlog.discarded(), backlog.eventsNotMoved());
        } catch (RuntimeException e) {
            // a failed read is cached too: a database in trouble is not asked again at every scrape
            log.debug("kanthorq: cannot read the backlog of consumer {}: {}", consumer, e.toString());
            return Snapshot.UNKNOWN;
        }
    }
}
