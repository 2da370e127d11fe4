package io.kanthorq.core.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.kanthorq.core.testsupport.ModuleBoundaries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout of the engine, as rules that fail the build when broken: core is Spring-free, the
 * engine's rooms (worker, management, retention) do not depend on each other, and the plumbing in
 * {@code .internal} depends on none of them.
 */
class ArchitectureTest {

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = ModuleBoundaries.mainClassesOf("io.kanthorq.core");
    }

    @Test
    void coreHasNoSpringImport() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..")
                .because("core stays Spring-free; the starter adapts it")
                .check(core);
    }

    @Test
    void theEnginesRoomsHaveNoCycles() {
        slices().matching("io.kanthorq.core.(*)..").should().beFreeOfCycles().check(core);
    }

    @Test
    void theRoomsDoNotDependOnEachOther() {
        slices().matching("io.kanthorq.core.(*)..")
                .should()
                .notDependOnEachOther()
                .ignoreDependency(alwaysTrue(), resideInAPackage("io.kanthorq.core.internal.."))
                .because("worker, management and retention meet only in the engine entry point and in .internal")
                .check(core);
    }

    @Test
    void internalDependsOnNoRoom() {
        noClasses()
                .that()
                .resideInAPackage("io.kanthorq.core.internal..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.kanthorq.core.worker..", "io.kanthorq.core.management..", "io.kanthorq.core.retention..")
                .check(core);
    }
}
