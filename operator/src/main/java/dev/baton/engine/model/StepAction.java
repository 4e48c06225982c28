package dev.baton.engine.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The settings of each kind of step, defaults applied. A new kind adds one record here. */
public sealed interface StepAction {

    /**
     * A step whose attempts are Jobs or Pods (container, bash, python).
     *
     * @param image        the image, or null for a script step that takes the operator's image for its kind
     * @param command      container entrypoint templates, or null
     * @param args         container argument templates, or null
     * @param env          environment variable templates (container) or values (scripts), or null
     * @param script       the script of a bash or python step, else null
     * @param resources    the container's resource requirements as written, or null
     * @param timeout      longest run of one attempt, or null
     * @param podTemplates the workflow's default pod template, then the step's, each may be absent
     * @param timeoutIncludesAdmission whether time a queued Job waits for Kueue's admission counts towards
     *                     {@code timeout}
     */
    record Leaf(Executor executor, String image, List<String> command, List<String> args, Map<String, String> env,
                String script, Map<String, Object> resources, Duration timeout, RetryPolicy retry,
                List<PodTemplate> podTemplates, boolean timeoutIncludesAdmission) implements StepAction {
        /** The label that puts a Job in a Kueue LocalQueue of its namespace. */
        public static final String QUEUE_LABEL = "kueue.x-k8s.io/queue-name";

        public Leaf(Executor executor, String image, List<String> command, List<String> args, Map<String, String> env,
                    String script, Map<String, Object> resources, Duration timeout, RetryPolicy retry,
                    List<PodTemplate> podTemplates) {
            this(executor, image, command, args, env, script, resources, timeout, retry, podTemplates, false);
        }

        /**
         * The Kueue LocalQueue this step's Jobs wait in, from its pod templates' labels (the step's own over
         * the workflow's, which spec.queue fills), or null. Only Jobs are queued: Kueue admits bare pods only
         * through its webhook, which this integration does without.
         */
        public String queue() {
            if (executor != Executor.Job) {
                return null;
            }
            String queue = null;
            for (PodTemplate t : podTemplates) {
                if (t.labels() != null && t.labels().get(QUEUE_LABEL) != null) {
                    queue = t.labels().get(QUEUE_LABEL);
                }
            }
            return queue;
        }
    }

    /** What a user adds to a step's pod: labels, annotations and a partial PodSpec. */
    record PodTemplate(Map<String, String> labels, Map<String, String> annotations, Map<String, Object> spec) {
    }

    /** Succeeds at once, in the operator. */
    record Noop() implements StepAction {
    }

    /** Waits in the operator, then succeeds. */
    record Sleep(Duration duration) implements StepAction {
    }

    /**
     * A loop over the cartesian product of its params, iterations as child instances.
     *
     * @param params  loop variable name to a list or a {@code ${expression}} giving one
     * @param collect names of body values gathered into the step's outputs
     */
    record Foreach(Map<String, Object> params, int concurrency, boolean strictOrdering, int retention,
                   List<String> collect, Graph body) implements StepAction {
    }

    /**
     * A loop whose iterations run one after another while {@code condition} holds.
     *
     * @param maxIterations the limit written, or null for the engine's (its message then says so)
     */
    record While(String condition, Map<String, Object> params, Long maxIterations, Graph body) implements StepAction {
    }

    /** Another workflow run as a child instance; with {@code sync} the step waits for it. */
    record Subworkflow(String workflow, Map<String, Object> params, boolean inheritParams, boolean sync)
            implements StepAction {
    }
}
