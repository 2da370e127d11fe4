package io.kanthorq.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * graphile-worker, the Node.js peer, run by {@code peers/graphile-worker/bench.mjs} in a child
 * process against its own fresh schema of the same server. Optional: it runs only when that
 * directory's {@code npm ci} has been done (the {@code graphile-worker} profile does it) and
 * {@code node} is on the path.
 */
final class GraphileWorkerPeer {

    /** The driver's directory, relative to the project's root (the benchmarks' working directory). */
    static final Path DEFAULT_DIRECTORY = Path.of("kanthorq-benchmarks", "peers", "graphile-worker");

    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\":(-?[0-9.eE+-]+)");
    private static final Pattern TEXT = Pattern.compile("\"(\\w+)\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Path directory;
    private final String databaseUrl;

    private GraphileWorkerPeer(Path directory, String databaseUrl) {
        this.directory = directory;
        this.databaseUrl = databaseUrl;
    }

    /** The driver in {@code directory} for {@code db}, or null with the reason printed when it cannot run. */
    static GraphileWorkerPeer find(Path directory, BenchDatabase db) {
        if (!Files.isDirectory(directory.resolve("node_modules").resolve("graphile-worker"))) {
            return null;
        }
        return new GraphileWorkerPeer(directory, db.libpqUrl());
    }

    /** Why {@link #find} returned null, for the report. */
    static String whyNotRun(Path directory) {
        return "not run: no " + directory.resolve("node_modules") + " (run with -Pgraphile-worker, or npm ci there)";
    }

    /** "graphile-worker 0.18.0", read from its installed package. */
    String name() throws IOException {
        String json = Files.readString(
                directory.resolve("node_modules").resolve("graphile-worker").resolve("package.json"));
        Matcher version = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        return "graphile-worker " + (version.find() ? version.group(1) : "(unknown version)");
    }

    /** A drain of {@code tasks} jobs enqueued beforehand; CPU is the node process's plus PostgreSQL's. */
    Workloads.Rate drain(BenchDatabase db, int tasks, boolean tuned, StringBuilder settings) throws Exception {
        CpuMeter cpu = CpuMeter.start(db);
        Result result = run("drain", "--tasks", Integer.toString(tasks), "--settings", tuned ? "tuned" : "default");
        CpuMeter.Usage used = cpu.stop();
        settings.append(settingsOf(result));
        double nodeMicros = result.number("cpuMicrosPerTask");
        // the harness JVM only waited meanwhile: the client side is the node process
        Double serverMicros = used.server() < 0 ? null : used.server() / 1e3 / tasks;
        return new Workloads.Rate(
                result.number("tasksPerSecond"),
                serverMicros == null ? null : nodeMicros + serverMicros,
                serverMicros == null ? null : String.format("%.1f + %.1f", nodeMicros, serverMicros));
    }

    /** p50 and p99 of publish → handler start (ms) at {@code rate} jobs/s. */
    double[] latency(int rate, int count, StringBuilder settings) throws Exception {
        Result result = run("latency", "--rate", Integer.toString(rate), "--count", Integer.toString(count));
        settings.append(settingsOf(result));
        return new double[] {result.number("p50Ms"), result.number("p99Ms"), result.number("maxMs")};
    }

    /** The driver's settings without the name and version it starts with (the report shows them already). */
    private static String settingsOf(Result result) {
        return result.text("settings").replaceFirst("^graphile-worker [0-9.]+ ", "");
    }

    private Result run(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "bench.mjs"));
        command.addAll(List.of(arguments));
        command.addAll(
                List.of("--schema", "gw_bench_" + UUID.randomUUID().toString().substring(0, 8)));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().put("DATABASE_URL", databaseUrl);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("graphile-worker driver failed: " + String.join(" ", command));
        }
        String[] lines = output.split("\n");
        return new Result(lines[lines.length - 1]);
    }

    /** The driver's one line of flat JSON. */
    private record Result(String json) {

        double number(String field) {
            return Double.parseDouble(find(NUMBER, field));
        }

        String text(String field) {
            return find(TEXT, field).replace("\\\"", "\"");
        }

        private String find(Pattern pattern, String field) {
            Matcher matcher = pattern.matcher(json);
            while (matcher.find()) {
                if (matcher.group(1).equals(field)) {
                    return matcher.group(2);
                }
            }
            throw new IllegalStateException("graphile-worker driver printed no " + field + ": " + json);
        }
    }
}
