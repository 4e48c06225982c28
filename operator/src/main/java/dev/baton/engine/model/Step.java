package dev.baton.engine.model;

import java.util.List;
import java.util.Map;

/**
 * One compiled step: what every kind has (name, edges, params, breakpoint, failure mode) and its kind's
 * own settings in {@code action}.
 *
 * @param params    name to value or {@code ${expression}}, evaluated when the step starts
 * @param field     where the step is written in the spec ("spec.steps[2]"), for messages
 * @param signals   the signals it waits for and emits
 * @param permits   the shared concurrency limits it (or each iteration of its body) holds while it runs
 */
public record Step(String name, StepKind kind, List<Edge> dependsOn, Map<String, Object> params, boolean breakpoint,
                   OnFailure onFailure, StepAction action, String field, StepSignals signals, StepPermits permits) {

    public Step {
        signals = signals == null ? StepSignals.NONE : signals;
        permits = permits == null ? StepPermits.NONE : permits;
        dependsOn = List.copyOf(dependsOn);
        params = params == null ? Map.of() : params;
        onFailure = onFailure == null ? OnFailure.FailAfterRunning : onFailure;
    }

    public Step(String name, StepKind kind, List<Edge> dependsOn, Map<String, Object> params, boolean breakpoint,
                OnFailure onFailure, StepAction action, String field, StepSignals signals) {
        this(name, kind, dependsOn, params, breakpoint, onFailure, action, field, signals, StepPermits.NONE);
    }

    public Step(String name, StepKind kind, List<Edge> dependsOn, Map<String, Object> params, boolean breakpoint,
                OnFailure onFailure, StepAction action, String field) {
        this(name, kind, dependsOn, params, breakpoint, onFailure, action, field, StepSignals.NONE);
    }

    /** An incoming edge: the source step, and a CEL condition or null for an edge that is always true. */
    public record Edge(String step, String when) {
    }

    /** The settings of a step that runs as a Job or Pod; null for other kinds. */
    public StepAction.Leaf leaf() {
        return action instanceof StepAction.Leaf l ? l : null;
    }

    /** The settings of a step whose attempts are objects in the cluster (leaf and resource steps); null for other kinds. */
    public StepAction.Attempted attempted() {
        return action instanceof StepAction.Attempted a ? a : null;
    }

    public StepAction.Resource resource() {
        return (StepAction.Resource) action;
    }

    public StepAction.Sleep sleep() {
        return (StepAction.Sleep) action;
    }

    public StepAction.Http http() {
        return (StepAction.Http) action;
    }

    public StepAction.Foreach foreach() {
        return (StepAction.Foreach) action;
    }

    public StepAction.While whileLoop() {
        return (StepAction.While) action;
    }

    public StepAction.Subworkflow subworkflow() {
        return (StepAction.Subworkflow) action;
    }

    /** The body of a loop step, or null for other kinds. */
    public Graph body() {
        if (action instanceof StepAction.Foreach f) {
            return f.body();
        }
        return action instanceof StepAction.While w ? w.body() : null;
    }
}
