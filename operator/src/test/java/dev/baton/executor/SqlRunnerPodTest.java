package dev.baton.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Plan;
import dev.baton.engine.Specs;
import dev.baton.engine.model.Step;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A sql step's pod: the operator's runner in the sql image, its settings as env, the Secret mounted and never read. */
class SqlRunnerPodTest {
    private static final String STEP = """
            defaults: {image: "python:3.12-slim"}
            steps: [{name: q, sql: {engine: postgresql, connection: {secretRef: {name: pg, key: dsn}},
                     query: "select %(a)s", params: {a: 1}, outputs: {maxRows: 5}}}]
            """;

    @Test
    void runsTheRunnerWithItsSettingsAndTheSecretMountedOptional() {
        PodSpec pod = pod(STEP, Map.of("BATON_SQL_PARAMS", "{\"a\":1}"));
        Container c = pod.getContainers().get(0);
        assertThat(c.getImage()).as("the operator's sql image, not the workflow's default").isEqualTo("sql-img");
        assertThat(c.getCommand()).hasSize(3).startsWith("python3", "-c");
        assertThat(c.getCommand().get(2)).contains("ENGINES = {\"postgresql\"");
        Map<String, String> env = c.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertThat(env).containsEntry("BATON_SQL_ENGINE", "postgresql").containsEntry("BATON_SQL_QUERY", "select %(a)s")
                .containsEntry("BATON_SQL_PARAMS", "{\"a\":1}").containsEntry("BATON_SQL_SECRET", "pg")
                .containsEntry("BATON_SQL_SECRET_KEY", "dsn").containsEntry("BATON_SQL_MAX_ROWS", "5")
                .containsEntry("BATON_SQL_MAX_BYTES", "3072").containsEntry("BATON_SQL_CONNECTION_DIR", SqlRunnerPod.MOUNT)
                .doesNotContainKey("BATON_SQL_SCRIPT");
        Volume v = pod.getVolumes().get(0);
        assertThat(v.getName()).isEqualTo(SqlRunnerPod.VOLUME);
        assertThat(v.getSecret().getSecretName()).isEqualTo("pg");
        assertThat(v.getSecret().getOptional()).as("a missing Secret fails the attempt by name, not a pod stuck in CreateContainerConfigError").isTrue();
        assertThat(c.getVolumeMounts()).singleElement().satisfies(m -> {
            assertThat(m.getMountPath()).isEqualTo(SqlRunnerPod.MOUNT);
            assertThat(m.getReadOnly()).isTrue();
        });
    }

    @Test
    void aStepsOwnImageWinsAndAScriptGoesAsOne() {
        PodSpec pod = pod("""
                steps: [{name: q, image: "registry.example/sql:2", sql: {engine: postgresql, connection: {secretRef: {name: pg}}, script: "select 1; select 2"}}]
                """, Map.of("BATON_SQL_PARAMS", "{}"));
        Container c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("registry.example/sql:2");
        assertThat(c.getEnv()).extracting(EnvVar::getName).contains("BATON_SQL_SCRIPT").doesNotContain("BATON_SQL_QUERY");
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals("BATON_SQL_SECRET_KEY")).extracting(EnvVar::getValue).containsExactly("uri");
    }

    private static PodSpec pod(String yaml, Map<String, String> env) {
        Step step = Specs.parse(yaml).steps().steps().get(0);
        WorkflowInstance instance = new WorkflowInstance();
        instance.setMetadata(new ObjectMetaBuilder().withName("run").withNamespace("ns").withUid("u").build());
        StepPodFactory factory = new StepPodFactory(new StepImages() {
            public String bashImage() { return "bash-img"; }
            public String pythonImage() { return "python-img"; }
            public String sqlImage() { return "sql-img"; }
            public String notebookImage() { return "notebook-img"; }
            public long runAsUser() { return 1000; }
        });
        return factory.template(instance, step, new Plan.Launch("q", 1, Map.of(), null, null, env)).getSpec();
    }
}
