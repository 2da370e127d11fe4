package io.kanthorq.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Facts about the machine, JVM and PostgreSQL that a figure is meaningless without. */
final class Environment {

    private static final List<String> SETTINGS = List.of(
            "synchronous_commit",
            "fsync",
            "full_page_writes",
            "shared_buffers",
            "wal_level",
            "max_wal_size",
            "checkpoint_timeout",
            "work_mem",
            "autovacuum");

    private Environment() {}

    static Map<String, String> describe(BenchDatabase db) throws SQLException {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("CPU", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        facts.put("memory", memory());
        facts.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        facts.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        facts.put("database", db.description());
        try (Connection connection = db.connect()) {
            try (ResultSet rs = connection.createStatement().executeQuery("SELECT version()")) {
                rs.next();
                facts.put("PostgreSQL", rs.getString(1));
            }
            StringBuilder settings = new StringBuilder();
            var statement = connection.prepareStatement(
                    "SELECT name, setting, coalesce(unit, '') FROM pg_settings WHERE name = ANY (?) ORDER BY name");
            statement.setArray(1, connection.createArrayOf("text", SETTINGS.toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    settings.append(settings.isEmpty() ? "" : ", ")
                            .append(rs.getString(1))
                            .append('=')
                            .append(rs.getString(2))
                            .append(rs.getString(3));
                }
            }
            facts.put("settings", settings.toString());
        }
        return facts;
    }

    /**
     * The machine's CPU counters from /proc/stat: {steal, total} in clock ticks, or null where there
     * is none. Steal is time the hypervisor gave this machine's CPUs to others: the share of it during
     * a run says how much the neighbours slowed the figures down.
     */
    static long[] cpuCounters() {
        try {
            String[] fields =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                total += Long.parseLong(fields[i]);
            }
            return new long[] {fields.length > 8 ? Long.parseLong(fields[8]) : 0, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The steal share between two readings of {@link #cpuCounters}, as text for the report. */
    static String stealBetween(long[] before, long[] after) {
        if (before == null || after == null || after[1] <= before[1]) {
            return "unknown";
        }
        return String.format("%.0f%% of CPU time", 100.0 * (after[0] - before[0]) / (after[1] - before[1]));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal"))
                    .findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB")
                    .orElse("unknown");
        } catch (IOException | NumberFormatException e) {
            return "unknown";
        }
    }
}
