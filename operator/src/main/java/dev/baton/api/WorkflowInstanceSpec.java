package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.baton.engine.model.RestartPolicy;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** Which workflow to run and with which parameter values. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowInstanceSpec {
    @Required
    @JsonPropertyDescription("The workflow to run, in the instance's namespace.")
    @ValidationRule(value = "self == oldSelf", message = "workflowRef is immutable")
    public WorkflowRef workflowRef;

    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("Parameter values by name; each must have the type the workflow declares.")
    public Map<String, Object> params;

    @JsonPropertyDescription("When true the instance pauses: running steps finish and no step starts; set back to false to resume.")
    public Boolean suspend;

    @JsonPropertyDescription("Set to Stop to end the run now (running pods are deleted, phase Stopped), or Kill for the same with phase Failed.")
    @ValidationRule(value = "self in ['', 'Stop', 'Kill']", message = "must be Stop or Kill")
    public String stop;

    @JsonPropertyDescription("This instance's place in its workflow's Sequential or Parallel queue: higher starts first (default: the workflow's priority).")
    public Integer priority;

    @JsonPropertyDescription("How long this instance is kept once it ended, over its workflow's ttl (a top-level instance only).")
    public TtlSpec ttl;

    @JsonPropertyDescription("When this instance's steps' Jobs and Pods are deleted, over its workflow's podGC.")
    public PodGcSpec podGC;

    @JsonPropertyDescription("On a failed or timed-out instance: true lets the StrictSequential queue of its workflow go on without restarting it (its run stays as it ended).")
    public Boolean releaseQueue;

    @JsonPropertyDescription("Ask for a new run of an ended instance; change nonce to ask again.")
    public RestartSpec restart;

    @JsonPropertyDescription("Steps allowed past their breakpoint: add a step's name here to let it start.")
    @io.fabric8.generator.annotation.Size(max = 200)
    public java.util.List<String> resumeSteps;

    @JsonPropertyDescription("Actions on single steps (skip, bypass, stop, kill, restart), each taken once by its id; what became of each is in status.actions.")
    @io.fabric8.generator.annotation.Size(max = 100)
    public java.util.List<StepActionSpec> actions;

    @JsonPropertyDescription("Steps given a breakpoint while the instance runs, besides those of the workflow: each waits before it starts until it is in resumeSteps (or removed from here). A loop iteration, step[i], not yet started is created paused (resume it with its own spec.suspend: false).")
    @io.fabric8.generator.annotation.Size(max = 200)
    public java.util.List<String> breakpoints;

    @JsonPropertyDescription("Set by Baton on loop iterations: which body of which revision this child instance runs.")
    public BodyRef body;

    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("Set by Baton on loop iterations: the loop variables of this iteration, top-level names in expressions.")
    public Map<String, Object> loopParams;

    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("Set by Baton on subworkflow children with inheritParams: the parent's params, used where this workflow declares them and spec.params gives none.")
    public Map<String, Object> inheritedParams;

    /** The body a loop iteration runs: a path of loop steps inside a pinned revision. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class BodyRef {
        @Required
        @JsonPropertyDescription("The ControllerRevision of the root instance.")
        public String revision;

        @Required
        @JsonPropertyDescription("Names of the loop steps from the root down to this body.")
        public java.util.List<String> path;
    }

    /** A request for a new run. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "self.policy != 'FromStep' || has(self.step)", message = "FromStep needs step")
    public static class RestartSpec {
        @Required
        @JsonPropertyDescription("FromIncomplete: rerun the steps that did not succeed, keeping the outputs of those that did; FromBeginning: rerun everything; FromStep: rerun step and every step after it.")
        public RestartPolicy policy;

        @JsonPropertyDescription("The step to restart from, with policy FromStep.")
        public String step;

        @Required
        @JsonPropertyDescription("Any value; each new value asks for one new run (the last one served is status.restartNonce).")
        public String nonce;
    }

    /** A reference to a Workflow. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class WorkflowRef {
        @Required
        @JsonPropertyDescription("Name of the Workflow.")
        public String name;
    }
}
