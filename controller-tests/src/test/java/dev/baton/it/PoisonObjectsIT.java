package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.InstancePhase;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One user's malformed Workflow is a verdict on that Workflow, never an outage: loop bodies are not
 * checked by the CRD schema, so values the Java model could not hold reach the operator. Each becomes
 * Valid=False naming the field, other workflows keep running, and an operator started while they are
 * present starts and serves the rest.
 */
@ExtendWith(BatonCluster.class)
class PoisonObjectsIT {
    private static final Duration END = Duration.ofSeconds(90);
    /** Body steps the API server accepts (bodies are schemaless) but no typed step could decode. */
    private static final List<String[]> POISON = List.of(
            new String[] {"unknown-enum", "{name: a, onFailure: Sometimes, noop: {}}", "spec.steps[0].foreach.steps[0].onFailure"},
            new String[] {"kind-not-object", "{name: a, noop: 'yes'}", "spec.steps[0].foreach.steps[0].noop: must be an object"},
            new String[] {"past-32-bits", "{name: a, retry: {errors: 4294967296}, bash: {script: 'true'}}", "spec.steps[0].foreach.steps[0].retry.errors"},
            new String[] {"empty-quantity", "{name: a, bash: {script: 'true', resources: {limits: {memory: ''}}}}", "spec.steps[0].foreach.steps[0].bash.resources.limits.memory"},
            new String[] {"nested-concurrency-0", "{name: a, foreach: {params: {y: [1]}, concurrency: 0, steps: [{name: b, noop: {}}]}}", "spec.steps[0].foreach.steps[0].foreach.concurrency"},
            new String[] {"podtemplate-typo", "{name: a, bash: {script: 'true'}, podTemplate: {spec: {nodeSelektor: {a: b}}}}", "spec.steps[0].foreach.steps[0].podTemplate.spec.nodeSelektor"},
            // Past Jackson's default limit of 1,000 levels, which the informer would fail to decode.
            new String[] {"nested-2000-deep", "{name: a, params: {deep: " + "[".repeat(2000) + "]".repeat(2000) + "}, noop: {}}",
                    "spec.steps[0].foreach.steps[0].params.deep[0][0]"},
            // Past what a 1 MiB thread stack copies through JSON (JOSDK copies every object it reconciles).
            new String[] {"nested-7000-deep", "{name: a, params: {deep: " + "[".repeat(7000) + "]".repeat(7000) + "}, noop: {}}",
                    "spec.steps[0].foreach.steps[0].params.deep[0][0]"});

    @Test
    void poisonWorkflowsGetAVerdictAndNeverStopTheOthersNorTheOperatorsStart(TestNamespace ns) throws Exception {
        for (String[] p : POISON) {
            ns.apply(poison(p[0], p[1]));
        }
        ns.apply(good() + "---\n" + instance("before", "good"));
        assertThat(ns.awaitEnd("before", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        for (String[] p : POISON) {
            assertThat(awaitValid(ns, p[0]).getMessage()).as(p[0]).contains(p[2]);
        }
        ns.apply(instance("of-poison", POISON.get(0)[0]));
        assertThat(ns.awaitEnd("of-poison", END).getStatus().message).contains(POISON.get(0)[2]);
        ns.apply(instance("deep-params", "good") + "  params: {deep: " + "[".repeat(2000) + "]".repeat(2000) + "}\n");
        assertThat(ns.awaitEnd("deep-params", END).getStatus().message).contains("spec.params.deep[0][0]", "nested more than 100 levels");

        // A new operator lists every Workflow at start: the poison must not stop it.
        ns.operator().kill();
        ns.operator().start();
        ns.apply(instance("after", "good"));
        assertThat(ns.awaitEnd("after", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
    }

    @Test
    void countsPastWhatTheModelHoldsAreRefusedAtApplyTime(TestNamespace ns) {
        TestNamespace.Kubectl r = ns.kubectl("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: huge}
                spec:
                  stepConcurrency: 4294967296
                  steps: [{name: a, noop: {}}]
                """, "apply", "-f", "-");
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("spec.stepConcurrency");
    }

    private static Condition awaitValid(TestNamespace ns, String workflow) {
        Awaitility.await().atMost(END).until(() -> ns.workflow(workflow).getStatus() != null
                && ns.workflow(workflow).getStatus().conditions.stream().anyMatch(c -> c.getType().equals("Valid")));
        Condition valid = ns.workflow(workflow).getStatus().conditions.stream()
                .filter(c -> c.getType().equals("Valid")).findFirst().orElseThrow();
        assertThat(valid.getStatus()).as(workflow).isEqualTo("False");
        return valid;
    }

    private static String poison(String name, String bodyStep) {
        return """
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: NAME}
                spec:
                  steps:
                    - name: loop
                      foreach:
                        params: {x: [1, 2]}
                        steps: [BODY]
                """.replace("NAME", name).replace("BODY", bodyStep);
    }

    private static String good() {
        return """
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: good}
                spec:
                  steps:
                    - {name: a, noop: {}}
                    - name: loop
                      dependsOn: [a]
                      foreach:
                        params: {x: [1, 2]}
                        steps: [{name: b, noop: {}}]
                """;
    }

    private static String instance(String name, String workflow) {
        return "apiVersion: baton.dev/v1alpha1\nkind: WorkflowInstance\nmetadata: {name: " + name + "}\nspec:\n"
                + "  workflowRef: {name: " + workflow + "}\n";
    }
}
