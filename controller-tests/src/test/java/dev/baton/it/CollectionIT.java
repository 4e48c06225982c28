package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Garbage collection on the real control plane: ttl deletes ended top-level instances (their Jobs and Pods
 * with them, by ownership), also when it passed while the operator was down; podGC deletes steps' Jobs and
 * Pods early while status keeps what they told.
 */
@ExtendWith(BatonCluster.class)
class CollectionIT {
    private static final Duration END = Duration.ofSeconds(90);

    @Test
    void anEndedInstanceIsDeletedWithItsJobsOnceItsTtlHasPassedAndAFailedOneIsKept(TestNamespace ns) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: short}
                spec:
                  params: {code: {type: long, default: 0}}
                  runStrategy: {type: Parallel, concurrency: 5}
                  ttl: {afterSucceeded: 4s, afterFailed: 1h}
                  steps:
                    - {name: check, noop: {}}
                    - name: work
                      dependsOn: [{step: check, when: "params.code == 0"}]
                      bash: {script: "true"}
                    - name: boom
                      dependsOn: [{step: check, when: "params.code != 0"}]
                      retry: {errors: 0}
                      bash: {script: "false"}
                      podTemplate: {metadata: {annotations: {kwok.baton.dev/exit-code: "1"}}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: short-ok}
                spec: {workflowRef: {name: short}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: short-bad}
                spec: {workflowRef: {name: short}, params: {code: 1}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: short-own}
                spec: {workflowRef: {name: short}, params: {code: 1}, ttl: {afterCompletion: 2s}}
                """);
        WorkflowInstance ok = ns.awaitEnd("short-ok", END);
        assertThat(Duration.between(Instant.parse(ok.getStatus().completionTime), Instant.parse(ok.getStatus().deleteAfter)))
                .isEqualTo(Duration.ofSeconds(4));
        WorkflowInstance bad = ns.awaitEnd("short-bad", END);
        assertThat(bad.getStatus().phase).isEqualTo(InstancePhase.Failed);
        assertThat(Duration.between(Instant.parse(bad.getStatus().completionTime), Instant.parse(bad.getStatus().deleteAfter)))
                .isEqualTo(Duration.ofHours(1));

        Awaitility.await().atMost(END).until(() -> gone(ns, "short-ok") && gone(ns, "short-own"));
        Awaitility.await().atMost(END).until(() -> ns.jobs().stream().noneMatch(j -> j.getMetadata().getName().startsWith("short-ok")
                || j.getMetadata().getName().startsWith("short-own")));
        assertThat(gone(ns, "short-bad")).as("a failed one is kept an hour").isFalse();
        assertThat(ns.jobs()).extracting(j -> j.getMetadata().getName()).containsExactly("short-bad-boom-1");
    }

    @Test
    void aTtlThatPassedWhileTheOperatorWasDownIsServedWhenItIsBack(TestNamespace ns) throws Exception {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: later}
                spec:
                  ttl: {afterCompletion: 6s}
                  steps: [{name: a, bash: {script: "true"}}]
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: later-1}
                spec: {workflowRef: {name: later}}
                """);
        WorkflowInstance ended = ns.awaitEnd("later-1", END);
        ns.operator().kill();
        Duration left = Duration.between(Instant.now(), Instant.parse(ended.getStatus().deleteAfter));
        Thread.sleep(Math.max(0, left.toMillis()) + 2_000);
        assertThat(gone(ns, "later-1")).as("nobody deletes it while the operator is down").isFalse();
        ns.operator().start();
        Awaitility.await().atMost(END).until(() -> gone(ns, "later-1"));
    }

    @Test
    void podGcDeletesStepJobsEarlyWhileStatusKeepsTheirOutputsAndExitCodes(TestNamespace ns) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: tidy}
                spec:
                  podGC: {strategy: OnPodCompletion}
                  steps:
                    - name: extract
                      bash: {script: "true"}
                      podTemplate: {metadata: {annotations: {kwok.baton.dev/message: '{"rows": 42}'}}}
                    - name: slow
                      dependsOn: [extract]
                      bash: {script: "true"}
                      podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: "6s"}}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: tidy-1}
                spec: {workflowRef: {name: tidy}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: tidy-on-success}
                spec:
                  podGC: {strategy: OnInstanceSuccess}
                  steps:
                    - {name: a, bash: {script: "true"}}
                    - name: b
                      dependsOn: [a]
                      retry: {errors: 0}
                      bash: {script: "false"}
                      podTemplate: {metadata: {annotations: {kwok.baton.dev/exit-code: "3"}}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: tidy-on-success-1}
                spec: {workflowRef: {name: tidy-on-success}}
                """);
        // extract's Job goes while slow still runs: its end is in status already.
        Awaitility.await().atMost(END).until(() -> ns.jobs().stream().anyMatch(j -> j.getMetadata().getName().equals("tidy-1-slow-1"))
                && ns.jobs().stream().noneMatch(j -> j.getMetadata().getName().equals("tidy-1-extract-1")));
        assertThat(ns.instance("tidy-1").getStatus().phase).isEqualTo(InstancePhase.Running);
        assertThat(ns.awaitEnd("tidy-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        Awaitility.await().atMost(END).until(() -> ns.jobs().stream().noneMatch(j -> j.getMetadata().getName().startsWith("tidy-1-")));
        StepStatus extract = ns.step("tidy-1", "extract");
        assertThat(extract.outputs).containsEntry("rows", 42);
        assertThat(extract.attempts).singleElement().satisfies(a -> assertThat(a.exitCode).isZero());

        assertThat(ns.awaitEnd("tidy-on-success-1", END).getStatus().phase).isEqualTo(InstancePhase.Failed);
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15)).until(() -> ns.jobs().stream()
                .filter(j -> j.getMetadata().getName().startsWith("tidy-on-success-1-")).count() == 2);
    }

    private static boolean gone(TestNamespace ns, String instance) {
        return ns.client().resources(WorkflowInstance.class).inNamespace(ns.name()).withName(instance).get() == null;
    }
}
