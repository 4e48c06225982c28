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
     * @param sql          what a sql step runs, else null
     * @param notebook     what a notebook step runs, else null
     * @param timeoutIncludesAdmission whether time a queued Job waits for Kueue's admission counts towards
     *                     {@code timeout}
     */
    record Leaf(Executor executor, String image, List<String> command, List<String> args, Map<String, String> env,
                String script, Map<String, Object> resources, Duration timeout, RetryPolicy retry,
                List<PodTemplate> podTemplates, Sql sql, Notebook notebook, boolean timeoutIncludesAdmission)
            implements StepAction, Attempted {
        /** The label that puts a Job in a Kueue LocalQueue of its namespace. */
        public static final String QUEUE_LABEL = "kueue.x-k8s.io/queue-name";

        /** A container, bash or python step: neither SQL nor a notebook. */
        public Leaf(Executor executor, String image, List<String> command, List<String> args, Map<String, String> env,
                    String script, Map<String, Object> resources, Duration timeout, RetryPolicy retry,
                    List<PodTemplate> podTemplates, boolean timeoutIncludesAdmission) {
            this(executor, image, command, args, env, script, resources, timeout, retry, podTemplates, null, null,
                    timeoutIncludesAdmission);
        }

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

    /** A kind whose attempts are each one object in the cluster: how long one may run, how failures are retried. */
    interface Attempted {
        Duration timeout();

        RetryPolicy retry();
    }

    /**
     * The SQL of a sql step, run by its pod's runner.
     *
     * @param engine    the database engine, which picks the runner's driver
     * @param secret    the Secret, and its key, holding the connection URI (Baton never reads it)
     * @param query     one statement, its params bound as query parameters; or null
     * @param script    several statements run as written, without params; or null
     * @param params    bind parameter name to value or ${expression}
     * @param maxRows   most rows of the last statement's result kept in the outputs
     * @param maxBytes  most bytes of the outputs' JSON
     */
    record Sql(SqlEngine engine, SecretRef secret, String query, String script, Map<String, Object> params,
               int maxRows, int maxBytes) {
        /** The env var that hands the runner the evaluated params, as a JSON object. */
        public static final String PARAMS_ENV = "BATON_SQL_PARAMS";
    }

    /**
     * The notebook of a notebook step, run by its pod's runner with papermill. Exactly one of
     * {@code inline}, {@code configMap} and {@code path} is set.
     *
     * @param inline    the notebook's JSON text
     * @param configMap the ConfigMap and key holding it (Baton never reads it: the pod mounts it)
     * @param path      its path in the image
     * @param params    papermill parameter name to value or ${expression}
     * @param kernel    the kernel to run it with, or null for the notebook's own
     * @param output    where the executed notebook goes, a template
     */
    record Notebook(String inline, ConfigMapKey configMap, String path, Map<String, Object> params, String kernel,
                    String output) {
        /** Where the executed notebook goes when the step does not say. */
        public static final String DEFAULT_OUTPUT = "/tmp/baton-notebook/output.ipynb";
        /** The env var that hands the runner the evaluated params, as a JSON object. */
        public static final String PARAMS_ENV = "BATON_NOTEBOOK_PARAMS";
        /** The env var that hands the runner the evaluated output location. */
        public static final String OUTPUT_ENV = "BATON_NOTEBOOK_OUTPUT";
    }

    /** A key of a ConfigMap in the instance's namespace. */
    record ConfigMapKey(String name, String key) {
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

    /**
     * Any Kubernetes object, created from a manifest, one per attempt, and followed until a condition over it
     * holds: how a step hands work to a compute engine (a JobSet, a SparkApplication, a RayJob).
     *
     * @param manifest         the object as written, its strings possibly ${expressions}; Baton sets its name,
     *                         namespace, labels and owner reference
     * @param apiVersion       the manifest's apiVersion, literal (checked against the kinds the operator may manage)
     * @param kind             the manifest's kind, literal
     * @param successCondition CEL over {@code object}: true when the attempt succeeded
     * @param failureCondition CEL over {@code object}: true when the attempt failed, or null for none
     * @param deleteOnFinish   delete the object once its attempt ends (a stopped or timed-out one is deleted always)
     */
    record Resource(Map<String, Object> manifest, String apiVersion, String kind, String successCondition,
                    String failureCondition, boolean deleteOnFinish, Duration timeout, RetryPolicy retry)
            implements StepAction, Attempted {
    }

    /**
     * An HTTP request the operator sends itself, without a pod (see HttpRunner).
     *
     * @param url              template of the URL
     * @param headers          header name to a value template
     * @param secretHeaders    header name to the Secret key whose whole value the header takes
     * @param body             the body: a template, or a JSON value whose strings are templates; null for none
     * @param successCondition CEL over {@code response}, or null for a 2xx status
     * @param outputs          output name to a CEL expression over {@code response}
     * @param retryStatuses    statuses ("503", or a class "5xx") that are platform errors; others are user errors
     */
    record Http(String url, String method, Map<String, String> headers, Map<String, SecretRef> secretHeaders, Object body,
                Duration timeout, String successCondition, Map<String, String> outputs, List<String> retryStatuses,
                RetryPolicy retry) implements StepAction {
    }
}
