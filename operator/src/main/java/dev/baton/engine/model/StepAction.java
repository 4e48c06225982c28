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
     */
    record Leaf(Executor executor, String image, List<String> command, List<String> args, Map<String, String> env,
                String script, Map<String, Object> resources, Duration timeout, RetryPolicy retry,
                List<PodTemplate> podTemplates) implements StepAction {
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
