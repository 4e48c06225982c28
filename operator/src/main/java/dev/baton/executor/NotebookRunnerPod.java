package dev.baton.executor;

import dev.baton.engine.model.StepAction;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a notebook step's pod adds to a script step's: the runner (notebook-runner.py, shipped in the
 * operator and passed as the container's command, so any image with python3, papermill and a kernel runs
 * it), its settings as env vars (the evaluated params and output come from the engine), and a ConfigMap
 * source mounted as a file. The ConfigMap is mounted optional: a missing ConfigMap or key still starts the
 * pod, whose runner fails the attempt naming them, instead of a pod that never starts. The operator never
 * reads it.
 */
record NotebookRunnerPod(StepAction.Notebook notebook) implements RunnerPod {
    static final String VOLUME = "baton-notebook-source";
    static final String MOUNT = "/var/run/baton/notebook-source";
    /** The file name the ConfigMap's key is mounted as. */
    static final String FILE = "notebook.ipynb";
    private static final RunnerScript RUNNER = RunnerScript.load("notebook-runner.py");

    @Override
    public String defaultImage(StepImages images) {
        return images.notebookImage();
    }

    @Override
    public List<String> command() {
        return RUNNER.command();
    }

    /** The runner's settings besides the params and output location ({@link StepAction.Notebook#PARAMS_ENV}). */
    @Override
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        if (notebook.inline() != null) {
            env.put("BATON_NOTEBOOK_INLINE", notebook.inline());
        } else if (notebook.configMap() != null) {
            env.put("BATON_NOTEBOOK_PATH", MOUNT + "/" + FILE);
            env.put("BATON_NOTEBOOK_CONFIGMAP", notebook.configMap().name());
            env.put("BATON_NOTEBOOK_CONFIGMAP_KEY", notebook.configMap().key());
        } else {
            env.put("BATON_NOTEBOOK_PATH", notebook.path());
        }
        if (notebook.kernel() != null) {
            env.put("BATON_NOTEBOOK_KERNEL", notebook.kernel());
        }
        return env;
    }

    @Override
    public List<Volume> volumes() {
        if (notebook.configMap() == null) {
            return List.of();
        }
        return List.of(new VolumeBuilder().withName(VOLUME)
                .withNewConfigMap().withName(notebook.configMap().name()).withOptional(true)
                .addNewItem().withKey(notebook.configMap().key()).withPath(FILE).endItem()
                .endConfigMap()
                .build());
    }

    @Override
    public List<VolumeMount> mounts() {
        if (notebook.configMap() == null) {
            return List.of();
        }
        return List.of(new VolumeMountBuilder().withName(VOLUME).withMountPath(MOUNT).withReadOnly(true).build());
    }
}
