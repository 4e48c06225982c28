package dev.baton.executor;

import dev.baton.engine.model.StepAction;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;

/**
 * What the pod of a step that runs a script Baton ships (a sql or notebook step) adds to a script step's:
 * the runner as the container's command, in the step's image or the kind's default one, its settings as
 * env vars, and the volumes it reads.
 */
interface RunnerPod {
    /** The runner of a sql or notebook step; null for a step that runs its own command or script. */
    static RunnerPod of(StepAction.Leaf leaf) {
        if (leaf.sql() != null) {
            return new SqlRunnerPod(leaf.sql());
        }
        return leaf.notebook() != null ? new NotebookRunnerPod(leaf.notebook()) : null;
    }

    /** The image a step of this kind runs in when it names none. */
    String defaultImage(StepImages images);

    List<String> command();

    Map<String, String> env();

    List<Volume> volumes();

    List<VolumeMount> mounts();
}
