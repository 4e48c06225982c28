package dev.baton.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.Specs;
import dev.baton.engine.model.FieldError;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The operator's pod policy refuses host access and unlisted service accounts, naming the field. */
class PodPolicyTest {
    private static final PodPolicy POLICY = new PodPolicy(true, Set.of("etl", "default"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "hostPath volume        | {volumes: [{name: v, emptyDir: {}}, {name: h, hostPath: {path: /}}]} | spec.steps[0].podTemplate.spec.volumes[1].hostPath: hostPath volumes are refused",
            "privileged container   | {containers: [{securityContext: {privileged: true}}]}                 | spec.steps[0].podTemplate.spec.containers[0].securityContext.privileged: privileged containers are refused",
            "privileged init        | {initContainers: [{name: i, image: busybox, securityContext: {privileged: true}}]} | spec.steps[0].podTemplate.spec.initContainers[0].securityContext.privileged",
            "host network           | {hostNetwork: true}                                                   | spec.steps[0].podTemplate.spec.hostNetwork: the host's namespaces are refused",
            "host PID               | {hostPID: true}                                                       | spec.steps[0].podTemplate.spec.hostPID",
            "host IPC               | {hostIPC: true}                                                       | spec.steps[0].podTemplate.spec.hostIPC",
            "unlisted account       | {serviceAccountName: admin}                                          | spec.steps[0].podTemplate.spec.serviceAccountName: service account \"admin\" is not one the operator allows (default, etl)",
            "deprecated alias       | {serviceAccount: admin}                                              | spec.steps[0].podTemplate.spec.serviceAccount",
    })
    void refusesHostAccessAndUnlistedAccounts(String title, String podSpec, String expected) {
        var errors = POLICY.check(Specs.tree("steps: [{name: s, bash: {script: x}, podTemplate: {spec: " + podSpec + "}}]"));
        assertThat(errors).extracting(FieldError::toString).singleElement().satisfies(e -> assertThat(e).startsWith(expected)
                .contains("labelling it baton.dev/pod-policy=unrestricted"));
    }

    @Test
    void looksIntoDefaultsAndLoopBodies() {
        var errors = POLICY.check(Specs.tree("""
                defaults: {podTemplate: {spec: {hostNetwork: true}}}
                steps:
                  - name: each
                    foreach:
                      params: {i: [1]}
                      steps:
                        - name: loop
                          while:
                            condition: "false"
                            steps: [{name: s, bash: {script: x}, podTemplate: {spec: {serviceAccountName: root}}}]
                """));
        assertThat(errors).extracting(FieldError::field).containsExactly("spec.defaults.podTemplate.spec.hostNetwork",
                "spec.steps[0].foreach.steps[0].while.steps[0].podTemplate.spec.serviceAccountName");
    }

    @Test
    void allowsWhatItDoesNotRestrict() {
        assertThat(POLICY.check(Specs.tree("""
                steps:
                  - name: s
                    bash: {script: x}
                    podTemplate:
                      spec:
                        serviceAccountName: etl
                        hostNetwork: false
                        volumes: [{name: v, emptyDir: {}}]
                        containers: [{securityContext: {privileged: false}}]
                """))).isEmpty();
        assertThat(new PodPolicy(true, Set.of()).check(Specs.tree(
                "steps: [{name: s, bash: {script: x}, podTemplate: {spec: {serviceAccountName: anyone}}}]"))).as("no list: any account").isEmpty();
        assertThat(PodPolicy.OFF.check(Specs.tree(
                "steps: [{name: s, bash: {script: x}, podTemplate: {spec: {hostPID: true}}}]"))).as("off").isEmpty();
    }
}
