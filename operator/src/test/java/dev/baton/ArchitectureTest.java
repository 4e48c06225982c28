package dev.baton;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The engine stays plain Java: no Kubernetes client, operator SDK or Quarkus type reaches it. The
 * reconcilers keep their state in injected beans, where it can be bounded and tested, not in static maps.
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
    void engineUsesNoCustomResourceClass() {
        noClasses().that().resideInAPackage("dev.baton.engine..")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.baton.api.Workflow")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("dev.baton.api.WorkflowInstance")
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
