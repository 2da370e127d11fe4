package io.kanthorq.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.kanthorq.core.testsupport.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs every scenario with tiny sizes so the harness cannot rot; figures are not asserted. */
class BenchmarkSmokeTest {

    @Test
    void everyScenarioRunsAndReportsAFigureBesideItsRawLimit() throws Exception {
        TestDatabase.Server server = TestDatabase.server();
        BenchDatabase db = BenchDatabase.of(server.jdbcUrl(), server.user(), server.password());

        List<Measurement> results = BenchmarkMain.runAll(db, Sizes.SMOKE);

        assertThat(results)
                .extracting(Measurement::scenario)
                .hasSize(18)
                .anySatisfy(s -> assertThat(s).startsWith("1. batch publish"))
                .anySatisfy(s -> assertThat(s).startsWith("7. four competing engines"))
                .anySatisfy(s -> assertThat(s).startsWith("8. drain through the Spring starter"))
                .anySatisfy(s -> assertThat(s).startsWith("9. drain backlog with default worker settings"))
                .anySatisfy(s -> assertThat(s).startsWith("11. single publish beside 100 busy consumers"));
        List<Measurement> idle = results.stream()
                .filter(m -> m.scenario().startsWith("10. idle"))
                .toList();
        assertThat(idle).hasSize(6).allSatisfy(m -> {
            // an idle instance's floor is no transaction at all
            assertThat(m.value()).as(m.scenario()).isNotNegative();
            assertThat(m.raw()).as(m.scenario()).isZero();
        });
        assertThat(results).filteredOn(m -> !idle.contains(m)).allSatisfy(m -> {
            assertThat(m.value()).as(m.scenario()).isPositive();
            assertThat(m.raw()).as(m.scenario()).isNotNull().isPositive();
        });
        assertThat(Report.table(results)).contains("| 3. drain backlog");
    }
}
