package dev.baton.engine;

import dev.baton.engine.model.EventReason;
import dev.baton.engine.model.InstancePhase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Collects the decisions of one planning pass. */
final class PlanBuilder {
    /** How often a step held by stepConcurrency looks again. */
    static final Duration BUDGET_POLL = Duration.ofSeconds(1);
    private final Instant now;
    private final Controls controls;
    private int budget;
    private boolean held;
    private final List<Plan.Launch> launches = new ArrayList<>();
    private final List<Plan.Kill> kills = new ArrayList<>();
    private final List<Plan.Child> children = new ArrayList<>();
    private final List<Plan.Emit> emits = new ArrayList<>();
    private final List<Plan.ActionTaken> actions = new ArrayList<>();
    private final List<Plan.Forward> forwards = new ArrayList<>();
    private final List<Plan.PermitRequest> permits = new ArrayList<>();
    private final List<Plan.Call> calls = new ArrayList<>();
    /** Steps whose running attempt is their last: taken Stops, of earlier passes and this one. */
    private final Set<String> noRetry;
    private final List<Plan.PlanEvent> events;
    private Instant wakeAt;

    /** Decisions of an earlier pass over the same run that this one keeps (see {@link Planner}). */
    record Carried(List<Plan.PlanEvent> events, List<Plan.Kill> kills, List<Plan.Child> children,
                   List<Plan.ActionTaken> actions, List<Plan.Forward> forwards, Set<String> noRetry) {
        static final Carried NONE = new Carried(List.of(), List.of(), List.of(), List.of(), List.of(), Set.of());
    }

    PlanBuilder(Instant now, RunState run, Carried earlier) {
        this.now = now;
        this.controls = run.controls();
        this.budget = run.launchBudget();
        this.noRetry = new java.util.HashSet<>(controls.noRetry());
        this.noRetry.addAll(earlier.noRetry());
        this.events = new ArrayList<>(earlier.events());
        this.kills.addAll(earlier.kills());
        this.children.addAll(earlier.children());
        this.actions.addAll(earlier.actions());
        this.forwards.addAll(earlier.forwards());
    }

    /**
     * This pass's events, with the kills and child actions that {@code pass} decided for the given steps,
     * and every step action {@code pass} took or handed on: the pass that follows takes none again.
     */
    Carried carried(PlanBuilder pass, Set<String> steps) {
        List<Plan.Kill> keptKills = new ArrayList<>(kills);
        pass.kills.stream().filter(k -> steps.contains(k.step())).forEach(keptKills::add);
        List<Plan.Child> keptChildren = new ArrayList<>(children);
        pass.children.stream().filter(c -> steps.contains(c.step())).forEach(keptChildren::add);
        return new Carried(List.copyOf(events), keptKills, keptChildren, List.copyOf(pass.actions), List.copyOf(pass.forwards),
                Set.copyOf(pass.noRetry));
    }

    Instant now() {
        return now;
    }

    void launch(Plan.Launch launch) {
        launches.add(launch);
    }

    /**
     * Why a step may not start now, or null when it may: the instance is suspended, the step waits at
     * its breakpoint, or (for steps that create a pod) stepConcurrency is used up. A null answer for a
     * leaf step takes one unit of the budget.
     */
    String holdStart(String step, boolean breakpoint, boolean createsPod) {
        String why = userHold(step, breakpoint);
        if (why != null) {
            return why;
        }
        if (createsPod && budget == 0) {
            // Steps of other instances free the budget, and no event of this instance says so: look again soon.
            wakeAt(now.plus(BUDGET_POLL));
            return "waiting: the workflow's stepConcurrency is reached";
        }
        if (createsPod && budget > 0) {
            budget--;
        }
        return null;
    }

    /**
     * Why the user holds a step back (the instance is suspended, or the step waits at its breakpoint), or
     * null. Asked before a step asks for permits, so a step the user holds takes none.
     */
    String userHold(String step, boolean breakpoint) {
        String why = null;
        if (controls.suspended()) {
            why = "waiting: the instance is suspended";
        } else if ((breakpoint || controls.breakpoints().contains(step)) && !controls.resumed().contains(step)) {
            why = "paused at its breakpoint: add \"" + step + "\" to the instance's spec.resumeSteps to let it start";
        }
        if (why != null) {
            held = true;
        }
        return why;
    }

    void permitRequest(Plan.PermitRequest request) {
        permits.add(request);
    }

    /** True when a step waits because of the user (suspend or breakpoint): the instance is Paused. */
    boolean held() {
        return held || controls.suspended();
    }

    void child(Plan.Child child) {
        children.add(child);
    }

    void action(Plan.ActionTaken taken) {
        actions.add(taken);
    }

    void forward(Plan.Forward forward) {
        forwards.add(forward);
    }

    void noRetry(String step) {
        noRetry.add(step);
    }

    /** True when the step's running attempt is its last (a Stop action was taken on it). */
    boolean retryStopped(String step) {
        return noRetry.contains(step);
    }

    void emit(Plan.Emit emit) {
        emits.add(emit);
    }

    void call(Plan.Call call) {
        calls.add(call);
    }

    void kill(String step, int attempt, String reason) {
        kills.add(new Plan.Kill(step, attempt, reason));
    }

    void event(EventReason reason, String message) {
        events.add(new Plan.PlanEvent(reason, message));
    }

    /** Asks to be planned again at the given time (sleep steps, backoffs, timeouts); the earliest wins. */
    void wakeAt(Instant at) {
        if (wakeAt == null || at.isBefore(wakeAt)) {
            wakeAt = at;
        }
    }

    /** Records an event when a step changed phase. */
    void transition(StepState before, StepState after) {
        if (before.phase() == after.phase()) {
            return;
        }
        String name = after.name();
        switch (after.phase()) {
            case Running -> event(EventReason.StepStarted, "step " + name + " started");
            case WaitingForSignal -> event(EventReason.StepWaitingForSignal, "step " + name + " " + after.message());
            case WaitingForPermit -> event(EventReason.StepWaitingForPermit, "step " + name + " " + after.message());
            case Succeeded -> event(EventReason.StepSucceeded, "step " + name + " succeeded");
            case Failed -> event(EventReason.StepFailed, "step " + name + " failed: " + after.message());
            case CompletedWithError -> event(EventReason.StepCompletedWithError, "step " + name + " failed, ignored: " + after.message());
            case Skipped -> event(EventReason.StepSkipped, "step " + name + " skipped: " + after.message());
            case Stopped -> event(EventReason.StepStopped, "step " + name + " " + after.message());
            default -> { }
        }
    }

    Plan build(InstancePhase phase, String message, List<StepState> steps, Rollup rollup) {
        return new Plan(phase, message, steps, launches, kills, wakeAt, events, children, rollup, emits, actions, forwards, permits, calls);
    }
}
