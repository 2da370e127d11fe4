package io.kanthorq.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** Prints the results as a table and writes them, with the environment, as Markdown. */
final class Report {

    private Report() {}

    static String table(List<Measurement> results) {
        StringBuilder out = new StringBuilder();
        out.append(
                "| scenario | KanthorQ | raw JDBC limit | share of raw | CPU µs per op, KanthorQ / raw | detail |\n");
        out.append("|---|---:|---:|---:|---:|---|\n");
        for (Measurement m : results) {
            out.append("| ")
                    .append(m.scenario())
                    .append(" | ")
                    .append(format(m.value()))
                    .append(' ')
                    .append(m.unit())
                    .append(" | ")
                    .append(m.raw() == null ? "—" : format(m.raw()) + " " + m.unit())
                    .append(" | ")
                    .append(m.ratio() == null ? "—" : String.format("%.2f", m.ratio()))
                    .append(" | ")
                    .append(cpu(m.cpu()))
                    .append(" / ")
                    .append(cpu(m.rawCpu()))
                    .append(" | ")
                    .append(m.detail())
                    .append(" |\n");
        }
        return out.toString();
    }

    /** The peers side by side: one row per workload, KanthorQ's figure divided by the best peer's. */
    static String peerTable(List<PeerComparison> comparisons) {
        if (comparisons.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("| workload | KanthorQ");
        comparisons.get(0).peers().forEach(p -> out.append(" | ").append(p.system()));
        out.append(" | KanthorQ ÷ best peer | target | met |\n|---|---:");
        comparisons.get(0).peers().forEach(p -> out.append("|---:"));
        out.append("|---:|---:|---|\n");
        for (PeerComparison c : comparisons) {
            out.append("| ").append(c.workload()).append(" | ").append(figure(c.kanthorq(), c.unit()));
            c.peers().forEach(p -> out.append(" | ").append(figure(p, c.unit())));
            Double ratio = c.ratio();
            out.append(" | ")
                    .append(ratio == null ? "—" : String.format("%.2f", ratio))
                    .append(" | ")
                    .append(c.higherIsBetter() ? "≥ " : "≤ ")
                    .append(String.format("%.1f", c.target()))
                    .append(" | ")
                    .append(ratio == null ? "—" : c.met() ? "yes" : "no")
                    .append(" |\n");
        }
        out.append("\nSettings and sizes:\n\n");
        for (PeerComparison c : comparisons) {
            out.append("- **")
                    .append(c.workload())
                    .append("** (")
                    .append(c.detail())
                    .append("): KanthorQ ")
                    .append(c.kanthorq().settings());
            c.peers()
                    .forEach(
                            p -> out.append("; ").append(p.system()).append(' ').append(p.settings()));
            out.append('\n');
        }
        return out.toString();
    }

    private static String figure(PeerComparison.Figure figure, String unit) {
        if (figure.value() == null) {
            return "not run";
        }
        return format(figure.value()) + " " + unit
                + (figure.cpuMicros() == null ? "" : String.format(" (%.1f µs CPU)", figure.cpuMicros()));
    }

    static void write(
            Path file,
            List<Measurement> results,
            List<PeerComparison> peers,
            Map<String, String> environment,
            String notes)
            throws IOException {
        StringBuilder out = new StringBuilder("# KanthorQ benchmarks\n\n");
        out.append("Measured ")
                .append(OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE))
                .append(" with `./mvnw -B -pl kanthorq-benchmarks -am verify -Pbenchmark,graphile-worker -DskipTests`"
                        + " (graphile-worker needs Node.js; without that profile it is reported as not run).\n\n");
        out.append("## Results\n\n").append(table(results)).append('\n');
        out.append("\"share of raw\" is KanthorQ's figure divided by the thinnest raw-JDBC loop writing the same rows"
                + " in the same run (for latency: raw latency divided by KanthorQ's). \"CPU µs per op\" is the CPU time"
                + " of this JVM plus every PostgreSQL process per event or task, read from /proc: CPU steal on a shared"
                + " host changes the rates between runs, not the work a task costs. Both sides are warmed up first; each"
                + " drain figure is the best of " + Sizes.FULL.drainRounds()
                + " runs, engine and raw loop taking turns;"
                + " single publish alternates engine and raw loops in 10 rounds.\n\n");
        if (!peers.isEmpty()) {
            out.append("## Side by side with the peers\n\n")
                    .append("The same workload through each system in the same run, against the same server:"
                            + " the ~100-byte body, no-op handlers. \"µs CPU\" is the client process plus every"
                            + " PostgreSQL process per task.\n\n")
                    .append(peerTable(peers))
                    .append('\n');
        }
        out.append("## Environment\n\n");
        environment.forEach(
                (k, v) -> out.append("- **").append(k).append("**: ").append(v).append('\n'));
        if (notes != null && !notes.isBlank()) {
            out.append("\n## Notes\n\n").append(notes).append('\n');
        }
        Files.writeString(file, out.toString());
    }

    private static String cpu(Double micros) {
        return micros == null ? "—" : String.format("%.1f", micros);
    }

    private static String format(double value) {
        return value >= 100 ? String.format("%,.0f", value) : String.format("%.2f", value);
    }
}
