package io.kanthorq.dashboard;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/** The dashboard's page, script and style sheet, read from the class path; see {@code META-INF/spring/aot.factories}. */
public final class DashboardRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.resources().registerPattern("kanthorq-dashboard/*");
    }
}
