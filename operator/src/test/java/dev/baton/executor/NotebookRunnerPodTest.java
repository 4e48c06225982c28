package dev.baton.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Plan;
import dev.baton.engine.Specs;
import dev.baton.engine.model.Definition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The pod of a notebook step: the operator's runner, its settings, and a ConfigMap source mounted optional. */
class NotebookRunnerPodTest {
    @Test
    void aConfigMapNotebookIsMountedOptionalAndRunByTheOperatorsRunner() {
        PodTemplateSpec t = template("""
                steps:
                  - name: nb
                    podTemplate: {spec: {volumes: [{name: data, emptyDir: {}}], containers: [{volumeMounts: [{name: data, mountPath: /data}]}]}}
                    notebook:
                      source: {configMapRef: {name: notebooks, key: train.ipynb}}
                      kernel: python3
                """, Map.of("BATON_NOTEBOOK_PARAMS", "{\"rows\":42}", "BATON_NOTEBOOK_OUTPUT", "/data/out.ipynb"));
        Container c = t.getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("notebook-img");
        assertThat(c.getCommand()).hasSize(3).startsWith("python3", "-c");
        assertThat(c.getCommand().get(2)).contains("papermill.execute_notebook");
        Map<String, String> env = env(c);
        assertThat(env).containsEntry("BATON_NOTEBOOK_PATH", NotebookRunnerPod.MOUNT + "/notebook.ipynb")
                .containsEntry("BATON_NOTEBOOK_CONFIGMAP", "notebooks").containsEntry("BATON_NOTEBOOK_CONFIGMAP_KEY", "train.ipynb")
                .containsEntry("BATON_NOTEBOOK_KERNEL", "python3").containsEntry("BATON_NOTEBOOK_PARAMS", "{\"rows\":42}")
                .containsEntry("BATON_NOTEBOOK_OUTPUT", "/data/out.ipynb").containsEntry("BATON_OUTPUT", StepPodFactory.OUTPUT_PATH);
        Volume source = t.getSpec().getVolumes().stream().filter(v -> v.getName().equals(NotebookRunnerPod.VOLUME)).findFirst().orElseThrow();
        assertThat(source.getConfigMap().getName()).isEqualTo("notebooks");
        assertThat(source.getConfigMap().getOptional()).as("a missing ConfigMap fails the attempt by name, not the pod's start").isTrue();
        assertThat(source.getConfigMap().getItems()).singleElement().satisfies(i -> {
            assertThat(i.getKey()).isEqualTo("train.ipynb");
            assertThat(i.getPath()).isEqualTo("notebook.ipynb");
        });
        assertThat(t.getSpec().getVolumes()).extracting(Volume::getName).as("the podTemplate's volumes are kept")
                .containsExactly(NotebookRunnerPod.VOLUME, "data");
        assertThat(c.getVolumeMounts()).extracting(m -> m.getMountPath()).containsExactly(NotebookRunnerPod.MOUNT, "/data");
    }

    @Test
    void anInlineNotebookTravelsInTheEnvAndTheStepsImageWins() {
        PodTemplateSpec t = template("""
                steps:
                  - name: nb
                    image: registry.example/nb:1
                    notebook: {source: {inline: '{"nbformat": 4, "cells": []}'}}
                """, Map.of());
        Container c = t.getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("registry.example/nb:1");
        assertThat(env(c)).containsEntry("BATON_NOTEBOOK_INLINE", "{\"nbformat\": 4, \"cells\": []}").doesNotContainKey("BATON_NOTEBOOK_PATH");
        assertThat(t.getSpec().getVolumes()).isEmpty();
    }

    private static Map<String, String> env(Container c) {
        return c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> String.valueOf(e.getValue())));
    }

    private static PodTemplateSpec template(String yaml, Map<String, String> env) {
        Definition spec = Specs.parse(yaml);
        WorkflowInstance instance = new WorkflowInstance();
        instance.setMetadata(new ObjectMetaBuilder().withName("run").withNamespace("ns").withUid("u").build());
        StepPodFactory factory = new StepPodFactory(new StepImages() {
            public String bashImage() { return "bash-img"; }
            public String pythonImage() { return "python-img"; }
            public String notebookImage() { return "notebook-img"; }
            public String sqlImage() { return "sql-img"; }
            public long runAsUser() { return 1000; }
        });
        return factory.template(instance, spec.step("nb"), new Plan.Launch("nb", 1, Map.of(), null, null, env, null));
    }
}
