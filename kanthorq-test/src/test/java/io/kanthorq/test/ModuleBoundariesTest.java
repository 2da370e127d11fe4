package io.kanthorq.test;

import io.kanthorq.core.testsupport.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/** The test kit uses the engine's API only (DESIGN §2): never its internal or worker packages. */
class ModuleBoundariesTest {

    @Test
    void usesNoEngineInternals() {
        ModuleBoundaries.usesNoEngineInternals("io.kanthorq.test")
                .check(ModuleBoundaries.mainClassesOf("io.kanthorq.test"));
    }
}
