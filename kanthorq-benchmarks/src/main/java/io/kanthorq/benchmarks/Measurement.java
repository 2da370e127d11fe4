package io.kanthorq.benchmarks;

/**
 * One scenario's figure, with the raw-JDBC limit measured in the same run.
 *
 * @param scenario   what was measured
 * @param value      KanthorQ's figure
 * @param unit       unit of {@code value} and {@code raw}
 * @param raw        the thinnest raw-JDBC loop doing the same database work, or null when none applies
 * @param higherIsBetter whether bigger numbers are better (throughput) or smaller (latency)
 * @param detail     extra facts (sizes, percentiles, settings)
 * @param cpu        JVM plus PostgreSQL CPU per event or task in µs, or null when not measured
 * @param rawCpu     the same for the raw loop, or null
 */
public record Measurement(
        String scenario,
        double value,
        String unit,
        Double raw,
        boolean higherIsBetter,
        String detail,
        Double cpu,
        Double rawCpu) {

    /** A figure without CPU readings (latency, or a server whose processes cannot be read). */
    public Measurement(String scenario, double value, String unit, Double raw, boolean higherIsBetter, String detail) {
        this(scenario, value, unit, raw, higherIsBetter, detail, null, null);
    }

    /** KanthorQ's figure as a share of the raw limit (1.0 = as fast as raw JDBC), or null. */
    public Double ratio() {
        if (raw == null || raw == 0 || value == 0) {
            return null;
        }
        return higherIsBetter ? value / raw : raw / value;
    }
}
