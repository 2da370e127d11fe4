package io.kanthorq.benchmarks;

/**
 * The wall time and CPU one loop spent over its turns, when several loops take turns in rounds so that
 * all of them see the same machine (on a shared host the neighbours' load drifts within seconds).
 */
final class TurnTally {

    /** One turn's work. */
    @FunctionalInterface
    interface Turn {
        void run() throws Exception;
    }

    private final BenchDatabase db;
    private long nanos;
    private CpuMeter.Usage cpu = CpuMeter.Usage.NONE;

    TurnTally(BenchDatabase db) {
        this.db = db;
    }

    /** Runs one turn and adds its time and CPU. */
    void time(Turn turn) throws Exception {
        CpuMeter meter = CpuMeter.start(db);
        long start = System.nanoTime();
        turn.run();
        nanos += System.nanoTime() - start;
        cpu = cpu.plus(meter.stop());
    }

    /** The rate of {@code count} operations over all turns. */
    Workloads.Rate rate(long count) {
        return Workloads.Rate.of(count, nanos, cpu);
    }
}
