package io.kanthorq.cli;

import io.kanthorq.core.testsupport.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/** This module uses the engine's API only, never its internal or worker packages. */
class ModuleBoundariesTest {

    @Test
    void usesNoEngineInternals() {
        ModuleBoundaries.usesNoEngineInternals("io.kanthorq.cli")
                .check(ModuleBoundaries.mainClassesOf("io.kanthorq.cli"));
    }
}
