package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The definition of a workflow: typed parameters, defaults for its steps, and the step graph. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowSpec {
    @JsonPropertyDescription("What the workflow does, for people.")
    public String description;

    @JsonPropertyDescription("Typed parameters of the workflow, by name. Instances give values; missing ones take the default, and a required one without a value makes the instance invalid.")
    public Map<String, ParamSpec> params = new LinkedHashMap<>();

    @JsonPropertyDescription("Longest time an instance may run, as a Go duration such as 90s, 30m or 24h.")
    @io.fabric8.generator.annotation.Size(max = 32)
    @ValidationRule(value = "self.matches('^([0-9]+(\\\\.[0-9]+)?(ns|us|ms|s|m|h))+$')", message = "must be a Go duration such as 90s, 30m or 2h")
    public String timeout;

    @JsonPropertyDescription("How instances of this workflow share it: Sequential by default. Waiting instances are Queued in creation order.")
    public RunStrategy runStrategy;

    @io.fabric8.generator.annotation.Min(1)
    @io.fabric8.generator.annotation.Max(2147483647)
    @JsonPropertyDescription("Most leaf steps running at once across all instances of this workflow; steps past it wait.")
    public Integer stepConcurrency;

    @io.fabric8.generator.annotation.Min(1)
    @io.fabric8.generator.annotation.Max(2147483647)
    @JsonPropertyDescription("Most leaf steps running at once in one instance tree: an instance with all its loop iterations and subworkflows, nested ones included.")
    public Integer instanceStepConcurrency;

    @JsonPropertyDescription("When true, triggers stop creating instances of this workflow; on false again, missed fires follow each trigger's catchUp policy.")
    public Boolean suspend;

    @JsonPropertyDescription("Time triggers that start instances by themselves.")
    public TriggersSpec triggers;

    @JsonPropertyDescription("Past fires of a time trigger to start now (a range); applying the same range again starts nothing twice.")
    public BackfillSpec backfill;

    @JsonPropertyDescription("How many ended instances started by triggers to keep (100 succeeded and 100 failed by default); older ones are deleted.")
    public HistorySpec history;

    @io.fabric8.generator.annotation.Size(max = 10)
    @JsonPropertyDescription("ConcurrencyLimits (by name, in this namespace) of which each run of the workflow (a subworkflow run too) holds one permit each from its start to its end; it is Queued, with condition WaitingForPermit, until each is granted.")
    public List<String> permits;

    @JsonPropertyDescription("With a Sequential or Parallel runStrategy: waiting instances of higher priority start first, in creation order among equals (default 0; an instance's spec.priority wins).")
    public Integer priority;

    @JsonPropertyDescription("The PriorityClass of every step pod, unless a podTemplate names another.")
    @io.fabric8.generator.annotation.Size(max = 253)
    public String priorityClassName;

    @JsonPropertyDescription("How long ended top-level instances (with their iterations, subworkflow runs, Jobs and Pods) are kept: 7 days by default.")
    public TtlSpec ttl;

    @JsonPropertyDescription("When steps' Jobs and Pods are deleted ahead of their instance (Never by default).")
    public PodGcSpec podGC;

    @JsonPropertyDescription("Stop (or kill) every unfinished top-level instance of the workflow, once per id.")
    public StopInstancesSpec stopInstances;

    @Size(max = 20)
    @JsonPropertyDescription("Exit hooks: steps that start once every step has ended (Argo's onExit, Tekton's finally), if their when matches the outcome, which they read as instance.phase (with instance.failedSteps). They may depend on one another but not on steps; while they run the instance stays Running, then ends with the steps' outcome unless a hook with failInstance failed. Stop runs them, Kill does not.")
    @ValidationRule(value = "self.all(s, self.exists_one(t, t.name == s.name))", message = "exit hook names must be unique")
    public List<ExitHookStep> onExit;

    // --- Kueue (issue 21) ---
    @JsonPropertyDescription("A Kueue LocalQueue of the workflow's namespace: every step Job carries the label kueue.x-k8s.io/queue-name with this value (a step's own podTemplate label wins), is created suspended and waits for Kueue to admit it (attempt outcome Admitting).")
    @io.fabric8.generator.annotation.Size(max = 63)
    public String queue;
    // --- end Kueue ---

    @Size(max = 10)
    @JsonPropertyDescription("Webhooks told of the runs' events (started, succeeded, failed, a step failed, an SLA passed), each event once per entry, at least once, with a dedup id.")
    public List<NotifySpec> notify;

    @JsonPropertyDescription("Settings every step inherits unless it sets its own.")
    public StepDefaults defaults;

    @Required
    @Size(min = 1, max = 200)
    @JsonPropertyDescription("The steps. A step with no dependsOn is a root; roots start in parallel.")
    @ValidationRule(value = "self.all(s, self.exists_one(t, t.name == s.name))", message = "step names must be unique")
    public List<Step> steps;
}
