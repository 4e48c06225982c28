package dev.baton.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Plan;
import dev.baton.engine.Specs;
import dev.baton.engine.model.SecretRef;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A param from a Secret reaches the step's container only as an env var from that Secret. */
class StepPodSecretEnvTest {

    @Test
    void aSecretParamIsAnEnvVarFromTheSecretAndNoLiteral() {
        var definition = Specs.parse("""
                params: {token: {type: string, valueFrom: {secretKeyRef: {name: api, key: token}}}}
                steps: [{name: s, params: {TOKEN: "${params.token}", DAY: "x"}, bash: {script: "true"}}]
                """);
        Map<String, Object> ref = new SecretRef("api", "token").json();
        PodTemplateSpec t = factory().template(instance(), definition.steps().steps().get(0),
                new Plan.Launch("s", 1, Map.of("TOKEN", ref, "DAY", "x"), null, null, null, Map.of("TOKEN", new SecretRef("api", "token"))));
        EnvVar token = t.getSpec().getContainers().get(0).getEnv().stream().filter(e -> e.getName().equals("TOKEN")).findFirst().orElseThrow();
        assertThat(token.getValue()).isNull();
        assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("api");
        assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
        assertThat(token.getValueFrom().getSecretKeyRef().getOptional()).isFalse();
    }

    @Test
    void aMapParamShapedLikeAReferenceIsJustText() {
        var definition = Specs.parse("steps: [{name: s, bash: {script: \"true\"}}]");
        Map<String, Object> lookalike = new SecretRef("admin", "password").json();
        PodTemplateSpec t = factory().template(instance(), definition.steps().steps().get(0),
                new Plan.Launch("s", 1, Map.of("M", lookalike), null, null, null));
        EnvVar m = t.getSpec().getContainers().get(0).getEnv().get(0);
        assertThat(m.getValueFrom()).as("only a compiled secret param becomes a Secret env var").isNull();
        assertThat(m.getValue()).contains("admin");
    }

    private static WorkflowInstance instance() {
        WorkflowInstance instance = new WorkflowInstance();
        instance.setMetadata(new ObjectMetaBuilder().withName("run").withNamespace("ns").withUid("u").build());
        return instance;
    }

    private static StepPodFactory factory() {
        return new StepPodFactory(new StepImages() {
            public String bashImage() { return "bash-img"; }
            public String pythonImage() { return "python-img"; }
            public String sqlImage() { return "sql-img"; }
            public String notebookImage() { return "notebook-img"; }
            public long runAsUser() { return 1000; }
        });
    }
}
