package io.kanthorq.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every change made through the dashboard, logged with the user who made it and counted in the meter
 * {@code kanthorq.dashboard.actions} (tags {@code action} and {@code consumer} or {@code stream}) when
 * Micrometer is present.
 */
final class DashboardActionLog {

    private static final Logger log = LoggerFactory.getLogger("io.kanthorq.dashboard.actions");

    private final BiConsumer<String, String[]> counter;

    private DashboardActionLog(BiConsumer<String, String[]> counter) {
        this.counter = counter;
    }

    static DashboardActionLog withoutMetrics() {
        return new DashboardActionLog((action, tags) -> {});
    }

    static DashboardActionLog counting(MeterRegistry registry) {
        return new DashboardActionLog((action, tags) -> Counter.builder("kanthorq.dashboard.actions")
                .description("Changes made through the KanthorQ dashboard")
                .tag("action", action)
                .tags(tags)
                .register(registry)
                .increment());
    }

    /** Records that {@code user} did {@code action} to {@code target} ({@code kind} consumer or stream): {@code what}. */
    void record(String action, String kind, String target, String user, String what) {
        log.info("kanthorq dashboard: {} {} {} by {}: {}", action, kind, target, user, what);
        counter.accept(action, new String[] {kind, target});
    }
}
