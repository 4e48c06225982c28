package dev.baton.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Plan;
import dev.baton.engine.Specs;
import dev.baton.engine.model.Definition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Step pods meet the `restricted` Pod Security profile unless a workflow's podTemplate says otherwise. */
class StepPodSecurityTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aStepPodMeetsTheRestrictedProfileExactly() throws Exception {
        PodTemplateSpec t = template("""
                steps:
                  - {name: s, bash: {script: "true"}}
                """, 1000);
        assertThat(tree(t.getSpec().getSecurityContext())).isEqualTo(JSON.readTree("""
                {"runAsNonRoot": true, "runAsUser": 1000, "seccompProfile": {"type": "RuntimeDefault"}}
                """));
        assertThat(tree(t.getSpec().getContainers().get(0).getSecurityContext())).isEqualTo(JSON.readTree("""
                {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}}
                """));
    }

    @Test
    void theUserIdIsAnOperatorSetting() throws Exception {
        PodTemplateSpec t = template("""
                steps:
                  - {name: s, python: {script: "print(1)"}}
                """, 65532);
        assertThat(t.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    }

    @Test
    void workflowDefaultsMayRelaxThePodLevelFieldsKeepingTheOthers() throws Exception {
        PodTemplateSpec t = template("""
                defaults:
                  podTemplate: {spec: {securityContext: {runAsNonRoot: false, runAsUser: 0}}}
                steps:
                  - {name: s, container: {image: "busybox:1.36"}}
                """, 1000);
        assertThat(t.getSpec().getSecurityContext().getRunAsNonRoot()).isFalse();
        assertThat(t.getSpec().getSecurityContext().getRunAsUser()).isZero();
        assertThat(t.getSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(t.getSpec().getContainers().get(0).getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    }

    @Test
    void aStepPodTemplateMayOverrideTheContainerFields() throws Exception {
        PodTemplateSpec t = template("""
                defaults:
                  podTemplate: {spec: {securityContext: {runAsUser: 2000}}}
                steps:
                  - name: s
                    bash: {script: "true"}
                    podTemplate:
                      spec:
                        securityContext: {runAsUser: 3000}
                        containers:
                          - securityContext: {allowPrivilegeEscalation: true, capabilities: {drop: [], add: [NET_ADMIN]}}
                """, 1000);
        assertThat(t.getSpec().getSecurityContext().getRunAsUser()).as("the step's overlay comes last").isEqualTo(3000L);
        assertThat(t.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        SecurityContext c = t.getSpec().getContainers().get(0).getSecurityContext();
        assertThat(c.getAllowPrivilegeEscalation()).isTrue();
        assertThat(c.getCapabilities().getDrop()).isEmpty();
        assertThat(c.getCapabilities().getAdd()).containsExactly("NET_ADMIN");
    }

    /** As the API server would see it: JSON, whatever the Java number types. */
    private static JsonNode tree(Object value) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(value));
    }

    private static PodTemplateSpec template(String yaml, long runAsUser) {
        Definition spec = Specs.parse(yaml);
        WorkflowInstance instance = new WorkflowInstance();
        instance.setMetadata(new ObjectMetaBuilder().withName("run").withNamespace("ns").withUid("u").build());
        StepPodFactory factory = new StepPodFactory(new StepImages() {
            public String bashImage() { return "bash-img"; }
            public String pythonImage() { return "python-img"; }
            public String sqlImage() { return "sql-img"; }
            public String notebookImage() { return "notebook-img"; }
            public long runAsUser() { return runAsUser; }
        });
        return factory.template(instance, spec.steps().steps().get(0), new Plan.Launch("s", 1, Map.of(), null, null, null));
    }
}
