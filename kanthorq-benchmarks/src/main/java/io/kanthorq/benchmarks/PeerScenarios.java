package io.kanthorq.benchmarks;

import io.kanthorq.core.WorkerOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scenario 12: KanthorQ beside db-scheduler and graphile-worker, the same workload (the ~100-byte
 * body, no-op handlers, the same server) in the same run. Drains take turns round by round — KanthorQ,
 * then each peer — and keep each system's best round; latency takes scenario 5's figures at the same
 * rate.
 */
final class PeerScenarios {

    static final int LATENCY_RATE = 50;

    private final BenchDatabase db;
    private final Sizes sizes;
    private final Path graphileDir;
    private final GraphileWorkerPeer graphile;
    private final String graphileName;
    private final String dbSchedulerName = DbSchedulerPeer.name();

    private PeerScenarios(BenchDatabase db, Sizes sizes, Path graphileDir) throws Exception {
        this.db = db;
        this.sizes = sizes;
        this.graphileDir = graphileDir;
        this.graphile = GraphileWorkerPeer.find(graphileDir, db);
        this.graphileName = graphile == null ? "graphile-worker" : graphile.name();
    }

    /**
     * The four comparisons of the issue: default drain, tuned drain, latency p50 and p99.
     * {@code latency} are scenario 5's measurements at {@link #LATENCY_RATE} (p50, p99), or null to
     * measure them here.
     */
    static List<PeerComparison> compare(BenchDatabase db, Sizes sizes, List<Measurement> latency, Path graphileDir)
            throws Exception {
        PeerScenarios peers = new PeerScenarios(db, sizes, graphileDir);
        List<Measurement> ours = latency != null ? latency : LatencyScenario.latency(db, sizes, LATENCY_RATE);
        List<PeerComparison> results = new ArrayList<>();
        results.add(peers.drain(
                "drain, default settings",
                sizes.peerDefaultDrainTasks(),
                2.0,
                WorkerOptions.DEFAULT,
                "defaults: concurrency " + WorkerOptions.DEFAULT.concurrency() + ", batch "
                        + WorkerOptions.DEFAULT.batchSize() + ", claim-ahead "
                        + WorkerOptions.DEFAULT.claimAhead().toMillis() + " ms"));
        results.add(peers.drain(
                "drain, tuned",
                sizes.drainEvents(),
                1.2,
                Workloads.THROUGHPUT,
                "concurrency " + Workloads.THROUGHPUT.concurrency() + ", batch " + Workloads.THROUGHPUT.batchSize()
                        + ", prefetch " + Workloads.THROUGHPUT.prefetch()));
        results.addAll(peers.latency(ours));
        return results;
    }

    private PeerComparison drain(String workload, int tasks, double target, WorkerOptions options, String settings)
            throws Exception {
        boolean tuned = options != WorkerOptions.DEFAULT;
        Workloads.Rate ours = null;
        Workloads.Rate dbScheduler = null;
        Workloads.Rate graphileRate = null;
        StringBuilder graphileSettings = new StringBuilder();
        for (int round = 0; round < sizes.peerRounds(); round++) {
            ours = Workloads.Rate.best(ours, DrainScenarios.run(db, tasks, 1, 1, 0, options));
            dbScheduler = Workloads.Rate.best(dbScheduler, DbSchedulerPeer.drain(db, tasks, tuned));
            if (graphile != null) {
                graphileSettings.setLength(0);
                graphileRate = Workloads.Rate.best(graphileRate, graphile.drain(db, tasks, tuned, graphileSettings));
            }
        }
        PeerComparison.Figure dbSchedulerFigure = PeerComparison.Figure.of(
                dbSchedulerName,
                dbScheduler,
                tuned ? DbSchedulerPeer.TUNED_SETTINGS : DbSchedulerPeer.DEFAULT_SETTINGS);
        PeerComparison.Figure graphileFigure = graphile == null
                ? graphileNotRun()
                : PeerComparison.Figure.of(graphileName, graphileRate, graphileSettings.toString());
        return new PeerComparison(
                workload + ", " + String.format(Locale.ROOT, "%,d", tasks) + " tasks",
                "tasks/s",
                true,
                PeerComparison.Figure.of("KanthorQ", ours, settings),
                List.of(dbSchedulerFigure, graphileFigure),
                target,
                "tasks enqueued beforehand, no-op handler; best of " + sizes.peerRounds() + " rounds taken in turns");
    }

    /** p50 and p99 of publish → handler start at {@link #LATENCY_RATE}, each peer measured once. */
    private List<PeerComparison> latency(List<Measurement> ours) throws Exception {
        int count = sizes.latencySeconds() * LATENCY_RATE;
        List<Double> dbScheduler = DbSchedulerPeer.latencies(db, LATENCY_RATE, count);
        double[] graphileLatency = null;
        StringBuilder graphileSettings = new StringBuilder();
        if (graphile != null) {
            graphileLatency = graphile.latency(LATENCY_RATE, count, graphileSettings);
        }
        List<PeerComparison> results = new ArrayList<>();
        double[] percentiles = {50, 99};
        for (int i = 0; i < percentiles.length; i++) {
            PeerComparison.Figure graphileFigure = graphile == null
                    ? graphileNotRun()
                    : new PeerComparison.Figure(graphileName, graphileLatency[i], null, graphileSettings.toString());
            results.add(new PeerComparison(
                    "latency at " + LATENCY_RATE + " events/s, p" + (int) percentiles[i],
                    "ms",
                    false,
                    new PeerComparison.Figure("KanthorQ", ours.get(i).value(), null, "defaults, LISTEN/NOTIFY"),
                    List.of(
                            new PeerComparison.Figure(
                                    dbSchedulerName,
                                    LatencyScenario.percentile(dbScheduler, percentiles[i]),
                                    null,
                                    DbSchedulerPeer.LATENCY_SETTINGS),
                            graphileFigure),
                    i == 0 ? 0.8 : 1.0,
                    count + " publishes at " + LATENCY_RATE + "/s, publish call → handler start, measured in the"
                            + " publishing process on an idle worker; KanthorQ's from scenario 5"));
        }
        return results;
    }

    private PeerComparison.Figure graphileNotRun() {
        return PeerComparison.Figure.notRun(graphileName, GraphileWorkerPeer.whyNotRun(graphileDir));
    }
}
