package io.kanthorq.benchmarks;

import io.kanthorq.benchmarks.spring.DrainApplication;
import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.Kanthorq;
import java.time.Duration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Scenario 8: the drain of scenario 3 through the Spring Boot starter — properties, the starter's
 * workers and an annotated {@code String} handler. Timed from the first handled task to the last, so
 * the context's start-up is not counted.
 */
final class SpringDrainScenario {

    private SpringDrainScenario() {}

    static Measurement drain(BenchDatabase db, Sizes sizes, Measurement core) throws Exception {
        int events = sizes.drainEvents();
        Workloads.Rate[] best = DrainScenarios.best(
                sizes,
                () -> new Workloads.Rate(starterDrain(db, events), null, null),
                () -> DrainScenarios.rawDrain(db, events, 0));
        String versusCore = core == null
                ? ""
                : String.format("; %.0f%% of the core drain (3)", 100 * best[0].perSecond() / core.value());
        // CPU is not read for the starter: its figure is timed inside the run, after the context started
        return new Measurement(
                "8. drain through the Spring starter, annotated handler",
                best[0].perSecond(),
                "tasks/s",
                best[1].perSecond(),
                true,
                events + " events; same worker settings as 3, set as kanthorq.consumers.*" + " properties" + versusCore,
                null,
                best[1].cpuMicros());
    }

    /** Tasks/s from the first handled task to the last, through a fresh application context. */
    private static double starterDrain(BenchDatabase db, int events) throws Exception {
        double value;
        try (BenchDatabase.Schema schema = db.newSchema(8)) {
            Kanthorq kanthorq = Workloads.engine(schema.dataSource());
            kanthorq.registrar()
                    .registerConsumer(ConsumerDefinition.builder("spring_drain", Workloads.STREAM)
                            .subjects("order.>")
                            .build());
            Workloads.publish(kanthorq, events);
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(DrainApplication.class)
                    .web(WebApplicationType.NONE)
                    .properties(
                            "spring.main.banner-mode=off",
                            "spring.datasource.url=" + schema.jdbcUrl(),
                            "spring.datasource.username=" + db.user(),
                            "spring.datasource.password=" + db.password(),
                            "spring.datasource.hikari.maximum-pool-size=8",
                            "kanthorq.consumers.spring_drain.stream=" + Workloads.STREAM,
                            "kanthorq.consumers.spring_drain.subjects=order.>",
                            "kanthorq.consumers.spring_drain.concurrency=" + Workloads.THROUGHPUT.concurrency(),
                            "kanthorq.consumers.spring_drain.batch-size=" + Workloads.THROUGHPUT.batchSize(),
                            "kanthorq.consumers.spring_drain.prefetch=" + Workloads.THROUGHPUT.prefetch(),
                            "kanthorq.consumers.spring_drain.poll-interval=100ms")
                    .run()) {
                DrainApplication.Handler handler = context.getBean(DrainApplication.Handler.class);
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (handler.handled() < events) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "only " + handler.handled() + " of " + events + " tasks handled through the starter");
                    }
                    Thread.sleep(1);
                }
                value = Workloads.perSecond(events - 1, Math.max(1, handler.elapsedNanos()));
            }
        }
        return value;
    }
}
