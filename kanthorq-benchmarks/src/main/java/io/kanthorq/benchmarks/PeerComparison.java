package io.kanthorq.benchmarks;

import java.util.List;
import java.util.Objects;

/**
 * One workload run through KanthorQ and through each peer in the same run, with the target
 * for KanthorQ's figure divided by the best peer's.
 *
 * @param workload       what was measured
 * @param unit           unit of every figure
 * @param higherIsBetter throughput (true) or latency (false)
 * @param kanthorq       KanthorQ's figure
 * @param peers          each peer's figure, in a fixed order (a peer that could not run has no value)
 * @param target         the ratio to reach: at least this for throughput, at most this for latency
 * @param detail         sizes and how the figures were taken
 */
record PeerComparison(
        String workload,
        String unit,
        boolean higherIsBetter,
        Figure kanthorq,
        List<Figure> peers,
        double target,
        String detail) {

    /**
     * One system's figure.
     *
     * @param system    name and version
     * @param value     the figure, or null when the system did not run (then {@code settings} says why)
     * @param cpuMicros CPU per task (client process plus PostgreSQL) in µs, or null when not measured
     * @param settings  the settings it ran with
     */
    record Figure(String system, Double value, Double cpuMicros, String settings) {

        static Figure of(String system, Workloads.Rate rate, String settings) {
            return new Figure(system, rate.perSecond(), rate.cpuMicros(), settings);
        }

        static Figure notRun(String system, String why) {
            return new Figure(system, null, null, why);
        }
    }

    /** The best figure among the peers that ran, or null when none did. */
    Double bestPeer() {
        return peers.stream()
                .map(Figure::value)
                .filter(Objects::nonNull)
                .reduce((a, b) -> higherIsBetter ? Math.max(a, b) : Math.min(a, b))
                .orElse(null);
    }

    /** KanthorQ's figure divided by the best peer's, or null when no peer ran. */
    Double ratio() {
        Double best = bestPeer();
        return best == null || best == 0 ? null : kanthorq.value() / best;
    }

    /** Whether the ratio meets the target (false when no peer ran). */
    boolean met() {
        Double ratio = ratio();
        return ratio != null && (higherIsBetter ? ratio >= target : ratio <= target);
    }
}
