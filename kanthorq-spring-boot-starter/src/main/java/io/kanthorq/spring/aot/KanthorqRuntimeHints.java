package io.kanthorq.spring.aot;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The resources KanthorQ reads at run time: the registry migrations its own Flyway applies and the
 * table layouts registration fills in. Registered in {@code META-INF/spring/aot.factories}.
 */
public final class KanthorqRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.resources().registerPattern("db/kanthorq/migration/*.sql");
        hints.resources().registerPattern("db/kanthorq/layout/*.sql");
    }
}
