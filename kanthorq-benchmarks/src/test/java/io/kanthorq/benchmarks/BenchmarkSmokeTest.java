package io.kanthorq.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanthorq.core.testsupport.PgBouncer;
import io.kanthorq.core.testsupport.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs every scenario with tiny sizes so the harness cannot rot; figures are not asserted. */
class BenchmarkSmokeTest {

    @Test
    void everyScenarioRunsAndReportsAFigureBesideItsRawLimit() throws Exception {
        TestDatabase.Server server = TestDatabase.server();
        BenchDatabase db = BenchDatabase.of(server.jdbcUrl(), server.user(), server.password());

        BenchmarkMain.Results run = BenchmarkMain.runAll(db, Sizes.SMOKE);
        List<Measurement> results = run.measurements();

        assertThat(results)
                .extracting(Measurement::scenario)
                // scenario 13 runs where PgBouncer is installed (in CI: .ci/run installs it)
                .hasSize(PgBouncer.binary() == null ? 34 : 38)
                .anySatisfy(s -> assertThat(s).startsWith("5. latency publish → handler start at 50 events/s"))
                .anySatisfy(s -> assertThat(s).startsWith("5. latency publish → handler start at 200 events/s"))
                .anySatisfy(s -> assertThat(s).startsWith("1. batch publish"))
                .anySatisfy(s -> assertThat(s).startsWith("7. four competing engines"))
                .anySatisfy(s -> assertThat(s).startsWith("8. drain through the Spring starter"))
                .anySatisfy(s -> assertThat(s).startsWith("9. drain backlog with default worker settings"))
                .anySatisfy(s -> assertThat(s).startsWith("11. single publish beside 100 busy consumers"))
                .anySatisfy(s -> assertThat(s).startsWith("14. drain of keyed events, unordered consumer"))
                .anySatisfy(s -> assertThat(s).startsWith("14. drain of keyed events, consumer ordered by key"))
                .anySatisfy(s -> assertThat(s).startsWith("15. hot key"))
                .anySatisfy(s -> assertThat(s).startsWith("16. idempotent batch publish, 1,000 per call, ascending"))
                .anySatisfy(s -> assertThat(s).startsWith("16. idempotent batch publish, 1,000 per call, random"))
                .anySatisfy(s -> assertThat(s).startsWith("16. idempotent single publish"))
                .anySatisfy(s -> assertThat(s).startsWith("18. batch publish with observations on"))
                .anySatisfy(s -> assertThat(s).startsWith("18. drain with observations on"))
                .anySatisfy(s -> assertThat(s).startsWith("17. dashboard overview refresh"))
                .anySatisfy(s -> assertThat(s).startsWith("17. dashboard consumer page"));
        // the dashboard's refreshes have no raw loop: what matters is that they stay flat as tables grow
        List<Measurement> dashboard =
                results.stream().filter(m -> m.scenario().startsWith("17. ")).toList();
        assertThat(dashboard).hasSize(4).allSatisfy(m -> {
            assertThat(m.value()).as(m.scenario()).isPositive();
            assertThat(m.raw()).as(m.scenario()).isNull();
            assertThat(m.detail()).as(m.scenario()).contains("shared buffers touched per refresh");
        });
        List<Measurement> idle = results.stream()
                .filter(m -> m.scenario().startsWith("10. idle"))
                .toList();
        assertThat(idle).hasSize(6).allSatisfy(m -> {
            // an idle instance's floor is no transaction at all
            assertThat(m.value()).as(m.scenario()).isNotNegative();
            assertThat(m.raw()).as(m.scenario()).isZero();
        });
        assertThat(results)
                .filteredOn(m -> !idle.contains(m) && !dashboard.contains(m))
                .allSatisfy(m -> {
                    assertThat(m.value()).as(m.scenario()).isPositive();
                    assertThat(m.raw()).as(m.scenario()).isNotNull().isPositive();
                });
        assertThat(Report.table(results)).contains("| 3. drain backlog");

        // db-scheduler always runs beside KanthorQ; graphile-worker only where its npm ci was done
        assertThat(run.peers())
                .extracting(PeerComparison::workload)
                .containsExactly(
                        "drain, default settings, 500 tasks",
                        "drain, tuned, 2,000 tasks",
                        "latency at 50 events/s, p50",
                        "latency at 50 events/s, p99");
        assertThat(run.peers()).allSatisfy(c -> {
            assertThat(c.kanthorq().value()).as(c.workload()).isPositive();
            assertThat(c.peers().get(0).system()).startsWith("db-scheduler 16.");
            assertThat(c.peers().get(0).value()).as(c.workload()).isPositive();
            assertThat(c.ratio()).as(c.workload()).isPositive();
        });
        assertThat(Report.peerTable(run.peers())).contains("| drain, tuned, 2,000 tasks |");
    }
}
