package io.kanthorq.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Runs every scenario and prints a table; the full run also writes {@code BENCHMARKS.md}.
 *
 * <pre>
 * ./mvnw -B -pl kanthorq-benchmarks -am verify -Pbenchmark -DskipTests \
 *     [-Dkanthorq.bench.args="--url jdbc:postgresql://127.0.0.1:5432/postgres --user postgres --password x"]
 * </pre>
 * Options: {@code --url}, {@code --user}, {@code --password} (default: the local server, user
 * postgres; an embedded PostgreSQL when it is not reachable), {@code --smoke} (tiny sizes, no file),
 * {@code --output FILE} (default BENCHMARKS.md), {@code --notes FILE} (Markdown appended as notes),
 * {@code --only 3,5} (just those scenarios, nothing written), {@code --keyed-events N} (the keyed drains
 * 14 and 15 with N events instead of 10,000: their steady state), {@code --graphile-worker DIR} (the
 * graphile-worker driver, default {@code kanthorq-benchmarks/peers/graphile-worker}; skipped unless its
 * {@code npm ci} was done, which {@code -Pgraphile-worker} does).
 */
public final class BenchmarkMain {

    private BenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        String url = BenchDatabase.DEFAULT_URL;
        String user = "postgres";
        String password = "";
        boolean smoke = false;
        Path output = Path.of("BENCHMARKS.md");
        Path notes = null;
        Set<String> only = Set.of();
        Path graphileWorker = GraphileWorkerPeer.DEFAULT_DIRECTORY;
        Integer keyedEvents = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--user" -> user = args[++i];
                case "--password" -> password = args[++i];
                case "--smoke" -> smoke = true;
                case "--output" -> output = Path.of(args[++i]);
                case "--notes" -> notes = Path.of(args[++i]);
                case "--only" -> only = Set.of(args[++i].split(","));
                case "--graphile-worker" -> graphileWorker = Path.of(args[++i]);
                case "--keyed-events" -> keyedEvents = Integer.parseInt(args[++i]);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i] + " (known: --url, --user,"
                            + " --password, --smoke, --output, --notes, --only, --keyed-events, --graphile-worker)");
            }
        }
        try (BenchDatabase db = BenchDatabase.connect(url, user, password, true)) {
            Map<String, String> environment = Environment.describe(db);
            environment.forEach((k, v) -> System.out.println(k + ": " + v));
            long[] cpuBefore = Environment.cpuCounters();
            Sizes sizes = smoke ? Sizes.SMOKE : Sizes.FULL;
            if (keyedEvents != null) {
                sizes = sizes.withKeyedDrainEvents(keyedEvents);
            }
            Results results = run(db, sizes, only, graphileWorker);
            environment.put("CPU steal during the run", Environment.stealBetween(cpuBefore, Environment.cpuCounters()));
            System.out.println("CPU steal during the run: " + environment.get("CPU steal during the run"));
            System.out.println();
            System.out.println(Report.table(results.measurements()));
            System.out.println(Report.peerTable(results.peers()));
            if (!smoke && only.isEmpty()) {
                Report.write(
                        output,
                        results.measurements(),
                        results.peers(),
                        environment,
                        notes == null ? null : Files.readString(notes));
                System.out.println("written to " + output.toAbsolutePath());
            }
        }
    }

    /** What a run measured: the scenarios beside their raw limits, and the side-by-side peer comparisons. */
    public record Results(List<Measurement> measurements, List<PeerComparison> peers) {}

    /** Every scenario in order; each prints its line as soon as it is measured. */
    public static Results runAll(BenchDatabase db, Sizes sizes) throws Exception {
        return run(db, sizes, Set.of(), GraphileWorkerPeer.DEFAULT_DIRECTORY);
    }

    /** The scenarios numbered in {@code only} (all when empty), in order. */
    static Results run(BenchDatabase db, Sizes sizes, Set<String> only, Path graphileWorker) throws Exception {
        List<Measurement> results = new ArrayList<>();
        List<PeerComparison> peers = new ArrayList<>();
        List<Measurement> latencyAtPeerRate = null;
        Predicate<String> wanted = n -> only.isEmpty() || only.contains(n);
        if (wanted.test("1")) {
            results.add(print(PublishScenarios.batchPublish(db, sizes)));
        }
        if (wanted.test("2")) {
            results.add(print(PublishScenarios.singlePublish(db, sizes)));
        }
        Measurement drain = null;
        if (Stream.of("3", "4", "6", "7", "8", "9", "14", "15").anyMatch(wanted)) {
            DrainScenarios.warmUp(db, sizes);
        }
        if (wanted.test("3")) {
            drain = print(DrainScenarios.drain(db, sizes));
            results.add(drain);
        }
        if (wanted.test("4")) {
            results.add(print(DrainScenarios.fanOut(db, sizes)));
        }
        if (wanted.test("5")) {
            latencyAtPeerRate = LatencyScenario.latency(db, sizes, PeerScenarios.LATENCY_RATE);
            latencyAtPeerRate.forEach(m -> results.add(print(m)));
            LatencyScenario.latency(db, sizes, 200).forEach(m -> results.add(print(m)));
        }
        if (wanted.test("6")) {
            results.add(print(DrainScenarios.history(db, sizes, DrainScenarios.emptyBaseline(db, sizes))));
        }
        if (wanted.test("7")) {
            results.add(print(DrainScenarios.competing(db, sizes, drain)));
        }
        if (wanted.test("8")) {
            results.add(print(SpringDrainScenario.drain(db, sizes, drain)));
        }
        if (wanted.test("9")) {
            results.add(print(DrainScenarios.defaults(db, sizes, drain)));
        }
        if (wanted.test("10")) {
            IdleScenario.idle(db, sizes).forEach(m -> results.add(print(m)));
        }
        if (wanted.test("11")) {
            SharedPoolScenario.publishBesideBusyWorkers(db, sizes).forEach(m -> results.add(print(m)));
        }
        if (wanted.test("13")) {
            PgBouncerScenario.wakeUpLatency(db, sizes).forEach(m -> results.add(print(m)));
        }
        if (wanted.test("14")) {
            DeliverySemanticsScenarios.orderedDrain(db, sizes).forEach(m -> results.add(print(m)));
        }
        if (wanted.test("15")) {
            results.add(print(DeliverySemanticsScenarios.hotKey(db, sizes)));
        }
        if (wanted.test("16")) {
            results.add(print(DeliverySemanticsScenarios.idempotentBatchPublish(db, sizes, IdempotencyKeys.ASCENDING)));
            results.add(print(DeliverySemanticsScenarios.idempotentBatchPublish(db, sizes, IdempotencyKeys.RANDOM)));
            results.add(print(DeliverySemanticsScenarios.idempotentSinglePublish(db, sizes)));
        }
        if (wanted.test("18")) {
            ObservationScenarios.onAndOff(db, sizes).forEach(m -> results.add(print(m)));
        }
        if (wanted.test("17")) {
            DashboardQueriesScenario.refreshes(db, sizes).forEach(m -> results.add(print(m)));
        }
        if (wanted.test("12")) {
            PeerScenarios.compare(db, sizes, latencyAtPeerRate, graphileWorker).forEach(c -> {
                System.out.println(
                        "12. " + c.workload() + ": KanthorQ " + c.kanthorq().value() + " " + c.unit()
                                + ", "
                                + c.peers().stream()
                                        .map(p -> p.system() + " " + p.value())
                                        .toList()
                                + ", ratio " + c.ratio());
                peers.add(c);
            });
        }
        return new Results(results, peers);
    }

    private static Measurement print(Measurement m) {
        System.out.printf(
                "%-60s %12.2f %-9s raw %-12s CPU µs/op %s / %s%n",
                m.scenario(),
                m.value(),
                m.unit(),
                m.raw() == null ? "—" : String.format("%.2f", m.raw()),
                m.cpu() == null ? "—" : String.format("%.1f", m.cpu()),
                m.rawCpu() == null ? "—" : String.format("%.1f", m.rawCpu()));
        return m;
    }
}
