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
 * What a sql step's pod adds to a script step's: the runner (sql-runner.py, shipped in the operator and
 * passed as the container's command, so any image with python3 and the engine's driver runs it and an
 * operator upgrade never meets an older runner), its settings as env vars, and the connection Secret
 * mounted as files. The Secret is mounted, optional, rather than referenced by env vars: a missing Secret
 * or key then still starts the pod, whose runner fails the attempt naming them, instead of a container
 * that waits in CreateContainerConfigError until the step times out. The operator never reads it.
 */
record SqlRunnerPod(StepAction.Sql sql) implements RunnerPod {
    static final String VOLUME = "baton-sql-connection";
    static final String MOUNT = "/var/run/baton/sql-connection";
    private static final RunnerScript RUNNER = RunnerScript.load("sql-runner.py");

    @Override
    public String defaultImage(StepImages images) {
        return images.sqlImage();
    }

    @Override
    public List<String> command() {
        return RUNNER.command();
    }

    /** The runner's settings: the evaluated params come separately, as {@link StepAction.Sql#PARAMS_ENV}. */
    @Override
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("BATON_SQL_ENGINE", sql.engine().name());
        if (sql.query() != null) {
            env.put("BATON_SQL_QUERY", sql.query());
        } else {
            env.put("BATON_SQL_SCRIPT", sql.script());
        }
        env.put("BATON_SQL_SECRET", sql.secret().name());
        env.put("BATON_SQL_SECRET_KEY", sql.secret().key());
        env.put("BATON_SQL_CONNECTION_DIR", MOUNT);
        env.put("BATON_SQL_MAX_ROWS", String.valueOf(sql.maxRows()));
        env.put("BATON_SQL_MAX_BYTES", String.valueOf(sql.maxBytes()));
        return env;
    }

    @Override
    public List<Volume> volumes() {
        return List.of(new VolumeBuilder().withName(VOLUME)
                .withNewSecret().withSecretName(sql.secret().name()).withOptional(true).endSecret()
                .build());
    }

    @Override
    public List<VolumeMount> mounts() {
        return List.of(new VolumeMountBuilder().withName(VOLUME).withMountPath(MOUNT).withReadOnly(true).build());
    }
}
