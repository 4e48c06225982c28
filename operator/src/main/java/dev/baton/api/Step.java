package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.baton.engine.model.OnFailure;
import dev.baton.engine.model.StepKind;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.AnyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One node of a workflow graph. Exactly one kind field (container, bash, python, sql, notebook, noop, sleep, foreach, while, subworkflow, resource, http) is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "[has(self.container), has(self.bash), has(self.python), has(self.sql), has(self.notebook), has(self.noop), has(self.sleep), has(self.foreach), has(self.__while__), has(self.subworkflow), has(self.resource), has(self.http)].filter(k, k).size() == 1",
        message = "a step sets exactly one kind: container, bash, python, sql, notebook, noop, sleep, foreach, while, subworkflow, resource or http")
public class Step extends StepSettings {
    @Required
    @io.fabric8.generator.annotation.Size(max = 40)
    @Pattern("^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$")
    @JsonPropertyDescription("Name of the step, unique in its workflow: lowercase letters, digits and '-', at most 40 characters.")
    public String name;

    @JsonPropertyDescription("What the step does, for people.")
    public String description;

    @io.fabric8.generator.annotation.Size(max = 100)
    @JsonPropertyDescription("Incoming edges. Each is a step name (an edge whose condition is true) or {step, when} with a CEL condition. The step waits until every dependency has ended and runs if at least one edge is satisfied; otherwise it is Skipped.")
    public List<AnyType> dependsOn;

    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("Step parameters: name to value or ${expression}, evaluated when the step starts, passed to its container as environment variables and readable later as steps['name'].params.x.")
    public Map<String, Object> params;

    @JsonPropertyDescription("When true the step waits before starting until its name is added to the instance's spec.resumeSteps.")
    public Boolean breakpoint;

    @JsonPropertyDescription("What a failure of this step does: FailImmediately, FailAfterRunning (default) or Ignore.")
    public OnFailure onFailure;

    @io.fabric8.generator.annotation.Size(max = 10)
    @JsonPropertyDescription("ConcurrencyLimits (by name, in this namespace) of which the step holds one permit each while it runs (phase WaitingForPermit until each is granted; higher priority first, then first come first served). A foreach, while or subworkflow step holds them for the whole loop or child run.")
    public List<String> permits;

    @io.fabric8.generator.annotation.Size(max = 10)
    @JsonPropertyDescription("Signals the step waits for once its dependencies let it run (phase WaitingForSignal): it starts when each has a matching Signal. Its timeout bounds the wait.")
    public List<SignalWait> waitForSignals;

    @io.fabric8.generator.annotation.Size(max = 10)
    @JsonPropertyDescription("Signals the step creates when it succeeds, once each (names derived from the instance, step and run).")
    public List<SignalEmit> emitSignals;

    @JsonPropertyDescription("Run a container image with a command and arguments.")
    public ContainerStep container;

    @JsonPropertyDescription("Run a bash script.")
    public ScriptStep bash;

    @JsonPropertyDescription("Run a Python script.")
    public ScriptStep python;

    @JsonPropertyDescription("Run SQL against a database (PostgreSQL) from a runner pod; outputs: rowsAffected, rowCount, columns, rows, truncated.")
    public SqlStep sql;
    @JsonPropertyDescription("Run a Jupyter notebook with papermill; the values it writes to $BATON_OUTPUT are the step's outputs.")
    public NotebookStep notebook;

    @JsonPropertyDescription("Do nothing and succeed at once, inside the operator: no pod is created.")
    public NoopStep noop;

    @JsonPropertyDescription("Wait for a duration inside the operator, then succeed: no pod is created.")
    public SleepStep sleep;

    @JsonPropertyDescription("Run a body of steps once per combination of loop variables, each iteration as a child instance.")
    public ForeachStep foreach;

    @com.fasterxml.jackson.annotation.JsonProperty("while")
    @JsonPropertyDescription("Run a body of steps again and again, one iteration after the other as child instances, while a condition holds.")
    public WhileStep whileLoop;

    @JsonPropertyDescription("Run another Workflow as a child instance; its steps' outputs become this step's outputs.")
    public SubworkflowStep subworkflow;

    @JsonPropertyDescription("Create any Kubernetes object (a compute engine's job: JobSet, SparkApplication, RayJob) and end when a condition over it says so.")
    public ResourceStep resource;

    @JsonPropertyDescription("Send an HTTP request from the operator itself, without a pod; successCondition and outputs read the response.")
    public HttpStep http;

    /** The incoming edges, parsed from {@link #dependsOn}; a malformed entry becomes an edge with a null step. */
    @JsonIgnore
    public List<Dependency> dependencies() {
        List<Dependency> edges = new ArrayList<>();
        if (dependsOn == null) {
            return edges;
        }
        for (AnyType entry : dependsOn) {
            edges.add(Dependency.from(entry == null ? null : entry.getValue()));
        }
        return edges;
    }

    /** The kind of this step, or null when none or several are set. */
    @JsonIgnore
    public StepKind kind() {
        List<StepKind> kinds = new ArrayList<>();
        if (container != null) kinds.add(StepKind.container);
        if (bash != null) kinds.add(StepKind.bash);
        if (python != null) kinds.add(StepKind.python);
        if (sql != null) kinds.add(StepKind.sql);
        if (notebook != null) kinds.add(StepKind.notebook);
        if (noop != null) kinds.add(StepKind.noop);
        if (sleep != null) kinds.add(StepKind.sleep);
        if (foreach != null) kinds.add(StepKind.foreach);
        if (whileLoop != null) kinds.add(StepKind.whileLoop);
        if (subworkflow != null) kinds.add(StepKind.subworkflow);
        if (resource != null) kinds.add(StepKind.resource);
        if (http != null) kinds.add(StepKind.http);
        return kinds.size() == 1 ? kinds.get(0) : null;
    }

    /** A parsed incoming edge. */
    public record Dependency(String step, String when) {
        static Dependency from(Object raw) {
            if (raw instanceof String name) {
                return new Dependency(name, null);
            }
            if (raw instanceof Map<?, ?> map) {
                Object step = map.get("step");
                Object when = map.get("when");
                return new Dependency(step instanceof String s ? s : null, when == null ? null : Objects.toString(when));
            }
            return new Dependency(null, null);
        }
    }
}
