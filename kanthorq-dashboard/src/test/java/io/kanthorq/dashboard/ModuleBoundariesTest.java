package io.kanthorq.dashboard;

import io.kanthorq.core.testsupport.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/** The dashboard uses the engine's API only (DESIGN §2): never its internal or worker packages. */
class ModuleBoundariesTest {

    @Test
    void usesNoEngineInternals() {
        ModuleBoundaries.usesNoEngineInternals("io.kanthorq.dashboard")
                .check(ModuleBoundaries.mainClassesOf("io.kanthorq.dashboard"));
    }
}
