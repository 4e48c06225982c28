package dev.baton;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The engine stays plain Java: no Kubernetes client, operator SDK or Quarkus type reaches it, and it reads
 * only the definition it compiled, never the CRD classes. Packages form no cycle. State lives in injected
 * beans, where it can be bounded and tested, not in static fields.
 */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.baton");

    @Test
    void engineHasNoKubernetesTypes() {
        noClasses().that().resideInAPackage("dev.baton.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "io.javaoperatorsdk..", "io.quarkus..",
                        "jakarta.enterprise..", "dev.baton.reconciler..", "dev.baton.executor..")
                .check(classes);
    }

    @Test
    void engineReadsOnlyItsCompiledDefinitionNeverTheCustomResourceModel() {
        noClasses().that().resideInAPackage("dev.baton.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.baton.api..", "dev.baton.client..")
                .check(classes);
    }

    @Test
    void theDefinitionModelDependsOnNothingElseOfBaton() {
        noClasses().that().resideInAPackage("dev.baton.engine.model..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.baton.engine", "dev.baton.engine.loops..",
                        "dev.baton.api..", "dev.baton.reconciler..", "dev.baton.executor..", "dev.baton.client..")
                .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.baton.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noProcessWideMutableStateAnywhere() {
        fields().that().areDeclaredInClassesThat().resideInAPackage("dev.baton..").and().areStatic()
                .should().beFinal()
                .andShould().notHaveRawType(assignableTo(java.util.concurrent.ConcurrentMap.class))
                .andShould().notHaveRawType(assignableTo(java.util.concurrent.locks.Lock.class))
                .andShould().notHaveRawType(assignableTo(java.util.concurrent.atomic.AtomicInteger.class))
                .andShould().notHaveRawType(assignableTo(java.util.concurrent.atomic.AtomicLong.class))
                .andShould().notHaveRawType(assignableTo(java.util.concurrent.atomic.AtomicReference.class))
                .andShould().notHaveRawType(assignableTo(ThreadLocal.class))
                .check(classes);
    }

    @Test
    void reconcilersKeepNoProcessWideMutableState() {
        fields().that().areDeclaredInClassesThat().resideInAPackage("dev.baton.reconciler..").and().areStatic()
                .should().beFinal()
                .andShould().notHaveRawType(assignableTo(java.util.Map.class))
                .andShould().notHaveRawType(assignableTo(java.util.concurrent.locks.Lock.class))
                .andShould().notHaveRawType(assignableTo(java.util.concurrent.atomic.AtomicInteger.class))
                .check(classes);
    }
}
