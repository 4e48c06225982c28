package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input gets a clear error naming the field, no pod is created, and the operator keeps serving
 * others. What the CRD schema can refuse, the API server refuses at apply time.
 */
@ExtendWith(BatonCluster.class)
class InvalidInputIT {
    private static final Duration END = Duration.ofSeconds(60);
    private static final String WORKFLOW = """
            apiVersion: baton.dev/v1alpha1
            kind: Workflow
            metadata: {name: wf}
            spec:
              params:
                limit: {type: long, required: true}
              steps:
                - {name: a, bash: {script: "true"}}
                - {name: b, dependsOn: [a], bash: {script: "true"}}
            """;

    @Test
    void anInstanceOfAMissingWorkflowFailsAsInvalid(TestNamespace ns) {
        ns.apply(instance("orphan", "nope", ""));
        WorkflowInstance i = ns.awaitEnd("orphan", END);
        assertInvalid(i, "WorkflowNotFound", "spec.workflowRef.name", "nope");
        assertThat(ns.pods()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing required param | {}                     | spec.params.limit: required",
            "wrong param type       | {limit: ten}           | spec.params.limit: expected",
            "undeclared param       | {limit: 1, colour: red} | spec.params.colour: not declared",
    })
    void badParamsFailTheInstance(String title, String params, String message, TestNamespace ns) {
        ns.apply(WORKFLOW + "---\n" + instance("run", "wf", "  params: " + params + "\n"));
        WorkflowInstance i = ns.awaitEnd("run", END);
        assertInvalid(i, "InvalidParams", message);
        assertThat(ns.pods()).isEmpty();
        assertThat(ns.jobs()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown step     | {name: b, dependsOn: [zzz], bash: {script: 'true'}}                       | spec.steps[1].dependsOn[0]: unknown step \"zzz\"",
            "cycle            | {name: b, dependsOn: [a, b2], bash: {script: 'true'}}, {name: b2, dependsOn: [b], noop: {}} | cycle",
            "bad CEL          | {name: b, dependsOn: [{step: a, when: 'params.limit >'}], noop: {}}         | spec.steps[1].dependsOn[0].when",
            "unknown output   | {name: b, dependsOn: [a], container: {image: busybox, args: ['${steps.zz.outputs.x}']}} | spec.steps[1].container.args[0]: reads steps.zz",
            "bad image        | {name: b, container: {image: 'Bad Image!'}}                                    | spec.steps[1].container.image",
            "bad dependsOn    | {name: b, dependsOn: [7], noop: {}}                                            | spec.steps[1].dependsOn[0]: must be a step name or {step: name, when: condition}",
            "pod overlay typo | {name: b, noop: {}, podTemplate: {spec: {nodeSelektor: {a: b}}}}              | spec.steps[1].podTemplate.spec.nodeSelektor",
            "notebook no JSON | {name: b, notebook: {source: {inline: '{\"cells\": [oops]'}}}               | spec.steps[1].notebook.source.inline: is not valid JSON",
    })
    void semanticErrorsMarkTheWorkflowAndItsInstancesInvalid(String title, String stepB, String message, TestNamespace ns) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: bad}
                spec:
                  params: {limit: {type: long, default: 1}}
                  steps: [{name: a, bash: {script: "true"}}, STEP_B]
                """.replace("STEP_B", stepB) + "---\n" + instance("run", "bad", ""));
        Awaitility.await().atMost(END).until(() -> ns.workflow("bad").getStatus() != null
                && !ns.workflow("bad").getStatus().conditions.isEmpty());
        Condition valid = ns.workflow("bad").getStatus().conditions.stream()
                .filter(c -> c.getType().equals("Valid")).findFirst().orElseThrow();
        assertThat(valid.getStatus()).isEqualTo("False");
        assertThat(valid.getMessage()).contains(message);
        assertInvalid(ns.awaitEnd("run", END), "InvalidWorkflow", message);
        assertThat(ns.pods()).isEmpty();
        // The operator keeps serving valid workflows next to the bad one.
        ns.apply(WORKFLOW + "---\n" + instance("good", "wf", "  params: {limit: 5}\n"));
        assertThat(ns.awaitEnd("good", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "two kinds         | {name: a, noop: {}, bash: {script: x}}      | exactly one kind",
            "no kind           | {name: a}                                   | exactly one kind",
            "bad step name     | {name: Not_Valid, noop: {}}                 | spec.steps[0].name",
            "duplicate names   | {name: a, noop: {}}, {name: a, noop: {}}    | step names must be unique",
            "bad duration      | {name: a, timeout: soon, noop: {}}          | must be a Go duration",
    })
    void theApiServerRefusesStructuralErrors(String title, String steps, String message, TestNamespace ns) {
        TestNamespace.Kubectl r = ns.kubectl("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: refused}
                spec:
                  steps: [STEPS]
                """.replace("STEPS", steps), "apply", "-f", "-");
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output()).contains(message);
    }

    @Test
    void theApiServerRefusesAnInstanceWithoutWorkflowRef(TestNamespace ns) {
        TestNamespace.Kubectl r = ns.kubectl("""
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: x}
                spec: {params: {a: 1}}
                """, "apply", "-f", "-");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("spec.workflowRef");
    }

    private static String instance(String name, String workflow, String extra) {
        return "apiVersion: baton.dev/v1alpha1\nkind: WorkflowInstance\nmetadata: {name: " + name + "}\nspec:\n"
                + "  workflowRef: {name: " + workflow + "}\n" + extra;
    }

    private static void assertInvalid(WorkflowInstance i, String reason, String... message) {
        assertThat(i.getStatus().phase).isEqualTo(InstancePhase.Failed);
        Condition valid = i.getStatus().conditions.stream().filter(c -> c.getType().equals("Valid")).findFirst().orElseThrow();
        assertThat(valid.getStatus()).isEqualTo("False");
        assertThat(valid.getReason()).isEqualTo(reason);
        assertThat(valid.getMessage()).contains(message);
        assertThat(i.getStatus().message).contains(message);
    }
}
