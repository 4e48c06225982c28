package dev.baton.engine;

import dev.baton.engine.model.EventReason;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.SecretRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the planner decided for a run. The reconciler carries it out: create the launches, delete the
 * kills, write the step states and phase to status, emit the events, and come back at wakeAt.
 */
public record Plan(InstancePhase phase, String message, List<StepState> steps, List<Launch> launches,
                   List<Kill> kills, Instant wakeAt, List<PlanEvent> events, List<Child> children, Rollup rollup,
                   List<Emit> emits, List<ActionTaken> actions, List<Forward> forwards, List<PermitRequest> permits,
                   List<Call> calls) {

    public Plan {
        permits = permits == null ? List.of() : List.copyOf(permits);
        calls = calls == null ? List.of() : List.copyOf(calls);
    }

    public Plan(InstancePhase phase, String message, List<StepState> steps, List<Launch> launches, List<Kill> kills,
                Instant wakeAt, List<PlanEvent> events, List<Child> children, Rollup rollup, List<Emit> emits,
                List<ActionTaken> actions, List<Forward> forwards) {
        this(phase, message, steps, launches, kills, wakeAt, events, children, rollup, emits, actions, forwards, List.of(), List.of());
    }

    public Plan(InstancePhase phase, String message, List<StepState> steps, List<Launch> launches, List<Kill> kills,
                Instant wakeAt, List<PlanEvent> events, List<Child> children, Rollup rollup) {
        this(phase, message, steps, launches, kills, wakeAt, events, children, rollup, List.of(), List.of(), List.of());
    }

    /**
     * What became of a step action: taken here (Done), handed to the child instance that runs the step
     * (Forwarded), or refused with the reason. Status records it, so the action is never taken twice.
     */
    public record ActionTaken(StepRequest request, Outcome outcome, String message) {
        public enum Outcome { Done, Forwarded, Refused }
    }

    /**
     * A step action for a step of a child instance (a loop iteration, a subworkflow run), or a stop of the
     * whole child when {@code request.path()} is empty: handed to it before the status that says so is written.
     *
     * @param request the action with its path inside the child
     */
    public record Forward(String step, int generation, long index, StepRequest request) {
    }

    /**
     * A signal a step emits now that it has succeeded, created before the status that says so is written.
     *
     * @param generation the step's firstAttempt: with the step and index, what names the Signal object
     * @param index      its place in the step's emitSignals
     * @param name       the Signal's spec.name
     */
    public record Emit(String step, int generation, int index, String name, Map<String, Object> params) {
    }

    /**
     * A change to a loop iteration's child instance: create it with its loop variables, delete it once
     * counted, or stop it. {@code generation} is the loop step's firstAttempt, part of the child's name.
     * The reconciler carries these out only after this plan's status is written, deletions first: a
     * child is deleted in the pass that counts it, and its count must be stored before it goes.
     */
    public record Child(Action action, String step, int generation, long index, Map<String, Object> loopParams,
                        Subworkflow subworkflow) {
        public enum Action { Create, Delete, Stop }

        public Child(Action action, String step, int generation, long index, Map<String, Object> loopParams) {
            this(action, step, generation, index, loopParams, null);
        }
    }

    /** A subworkflow child: another workflow with evaluated params (and the parent's, when inherited). */
    public record Subworkflow(String workflow, Map<String, Object> params, Map<String, Object> inherited) {
    }

    /**
     * Start attempt {@code attempt} of a leaf step with its evaluated params and container fields.
     *
     * @param secrets  the params that come from a Secret, which the pod gets as env vars from it
     * @param manifest for a resource step, the object to create with its expressions evaluated; else null
     */
    public record Launch(String step, int attempt, Map<String, Object> params, List<String> command,
                         List<String> args, Map<String, String> env, Map<String, SecretRef> secrets,
                         Map<String, Object> manifest) {
        public Launch {
            secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        }

        public Launch(String step, int attempt, Map<String, Object> params, List<String> command, List<String> args,
                      Map<String, String> env, Map<String, SecretRef> secrets) {
            this(step, attempt, params, command, args, env, secrets, null);
        }

        public Launch(String step, int attempt, Map<String, Object> params, List<String> command, List<String> args,
                      Map<String, String> env) {
            this(step, attempt, params, command, args, env, Map.of());
        }
    }

    /**
     * A holder that may start once it holds a permit of each named shared concurrency limit: the
     * reconciler asks the API server for them (before the status that shows the holder waiting is written).
     *
     * @param holder  see {@link PermitView#step}
     * @param permits the ConcurrencyLimit names, sorted: taken in that order, so two holders never wait on each other
     */
    public record PermitRequest(String holder, List<String> permits) {
    }

    /**
     * Send attempt {@code attempt} of an http step's request, unless this operator sent it already. The
     * reconciler sends it without waiting, and its result wakes the instance (see {@link HttpResults}).
     *
     * @param headers       header values, evaluated
     * @param secretHeaders headers whose value the operator reads from a Secret as it sends the call
     */
    public record Call(String step, int attempt, String method, String url, Map<String, String> headers,
                       Map<String, SecretRef> secretHeaders, String body, java.time.Duration timeout) {
    }

    /** Stop a running attempt (timeout, or another step failed with FailImmediately). */
    public record Kill(String step, int attempt, String reason) {
    }

    /** Something worth a Kubernetes Event on the instance. */
    public record PlanEvent(EventReason reason, String message) {
        public boolean warning() {
            return reason.warning();
        }
    }

    public int done() {
        return (int) steps.stream().filter(s -> s.phase().terminal()).count();
    }
}
