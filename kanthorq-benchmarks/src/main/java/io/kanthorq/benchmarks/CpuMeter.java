package io.kanthorq.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time spent by this JVM and by the PostgreSQL server's processes between two readings. On a
 * shared machine wall-clock rates swing with the neighbours (CPU steal), while the CPU a task costs
 * does not: this is the figure that shows whether a change made the work cheaper. The server's share
 * is read from {@code /proc} and is only known when the server runs on this host.
 */
final class CpuMeter {

    /** CPU consumed between two readings, in nanoseconds; {@code server} is -1 when unknown. */
    record Usage(long jvm, long server) {

        /** Nothing used yet: the start of a sum. */
        static final Usage NONE = new Usage(0, 0);

        /** The sum of two readings; the server's share stays unknown when either lacks it. */
        Usage plus(Usage other) {
            return new Usage(jvm + other.jvm, server < 0 || other.server < 0 ? -1 : server + other.server);
        }

        /** Microseconds of JVM plus server CPU per operation, or null when the server's share is unknown. */
        Double microsPerOp(long operations) {
            return server < 0 || operations == 0 ? null : (jvm + server) / 1e3 / operations;
        }

        /** "JVM + server" µs per operation, e.g. {@code 16.3 + 40.8}, or null when the server's share is unknown. */
        String split(long operations) {
            return server < 0 || operations == 0
                    ? null
                    : String.format("%.1f + %.1f", jvm / 1e3 / operations, server / 1e3 / operations);
        }
    }

    private static final long TICK_NANOS = 10_000_000L; // USER_HZ 100 on Linux

    private final BenchDatabase db;
    private final long jvmStart;
    private final Map<Long, Long> serverStart;

    private CpuMeter(BenchDatabase db) {
        this.db = db;
        this.jvmStart = jvmCpu();
        this.serverStart = serverTicks(db);
    }

    /** Starts measuring now. */
    static CpuMeter start(BenchDatabase db) {
        return new CpuMeter(db);
    }

    /** CPU used since {@link #start}. */
    Usage stop() {
        long jvm = jvmCpu() - jvmStart;
        Map<Long, Long> now = serverStart == null ? null : serverTicks(db);
        if (now == null) {
            return new Usage(jvm, -1);
        }
        long ticks = 0;
        for (Map.Entry<Long, Long> process : now.entrySet()) {
            ticks += process.getValue() - serverStart.getOrDefault(process.getKey(), 0L);
        }
        return new Usage(jvm, ticks * TICK_NANOS);
    }

    private static long jvmCpu() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }

    /**
     * User plus system clock ticks of each server process (every backend and background process in
     * pg_stat_activity but the one asking), or null when /proc does not show them. A process that
     * exits between two readings is not counted: measure while the scenario's pool is open.
     */
    private static Map<Long, Long> serverTicks(BenchDatabase db) {
        Map<Long, Long> ticks = new HashMap<>();
        try (Connection connection = db.connect();
                ResultSet rs = connection
                        .createStatement()
                        .executeQuery("SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()")) {
            while (rs.next()) {
                long pid = rs.getLong(1);
                long t = ticks(pid);
                if (t >= 0) {
                    ticks.put(pid, t);
                }
            }
        } catch (SQLException e) {
            return null;
        }
        return ticks.isEmpty() ? null : ticks;
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // fields after the command name (which may hold spaces) start after the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
