package io.kanthorq.core.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The rule every module outside {@code kanthorq-core} follows: it uses the engine's API packages
 * ({@code io.kanthorq.core}, {@code .management}, {@code .retention}) and never its internals
 * ({@code .internal}, {@code .worker}). Each module's {@code ModuleBoundariesTest} checks its own
 * main classes with it.
 */
public final class ModuleBoundaries {

    private ModuleBoundaries() {}

    /** The main (non-test) classes under {@code rootPackage}. */
    public static JavaClasses mainClassesOf(String rootPackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
    }

    /** No class of {@code rootPackage} depends on the engine's internal or worker packages. */
    public static ArchRule usesNoEngineInternals(String rootPackage) {
        return noClasses()
                .that()
                .resideInAPackage(rootPackage + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.kanthorq.core.internal..", "io.kanthorq.core.worker..")
                .because("other modules use the engine's API (io.kanthorq.core, .management, .retention) only;"
                        + " .internal and .worker may change in any release");
    }
}
