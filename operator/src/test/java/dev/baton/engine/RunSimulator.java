package dev.baton.engine;

import dev.baton.engine.loops.ForeachPlanner;
import dev.baton.engine.loops.NestedCounts;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.InstancePhase;
import dev.baton.reconciler.StoredRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Drives the planner as the reconciler does, against a fake cluster in which each launched attempt
 * ends one tick later with the outcome a test chooses. Time is a plain variable, in whole seconds as
 * status stores it. Between ticks the run goes through what the operator really stores: each plan is
 * written as an instance's status, sent as JSON and read back ({@link StoredRun}), and the next tick
 * plans from the params and step states read back, not from the planner's own objects.
 */
final class RunSimulator {
    final Planner planner = new Planner(new Expressions());
    final Definition spec;
    Map<String, Object> params;
    final Map<String, Map<Integer, Attempt>> cluster = new HashMap<>();
    final List<Plan.Launch> launched = new ArrayList<>();
    final List<Plan.Kill> killed = new ArrayList<>();
    final List<Plan.PlanEvent> events = new ArrayList<>();
    /** The outcome of a launch, by default success with no outputs. */
    Function<Plan.Launch, Attempt> outcome = l -> ended(l, AttemptOutcome.Succeeded, 0, Map.of());
    Instant now = Instant.parse("2026-11-24T00:00:00Z");
    Map<String, StepState> steps = new LinkedHashMap<>();
    Controls controls = Controls.NONE;
    Map<String, Object> loopParams = Map.of();
    /** Loop iterations in the fake cluster, by loop step then index; each ends as childOutcome says. */
    final Map<String, Map<Long, ForeachPlanner.ChildPhase>> children = new HashMap<>();
    final List<Plan.Child> createdChildren = new ArrayList<>();
    Function<Plan.Child, ForeachPlanner.ChildPhase> childOutcome = c -> ForeachPlanner.ChildPhase.Succeeded;
    /** A child's leaf steps by phase (its status.leaves), from its index and phase; none by default. */
    java.util.function.BiFunction<Long, ForeachPlanner.ChildPhase, NestedCounts> childLeaves = (i, p) -> NestedCounts.EMPTY;
    /** What a finished iteration's body hands on (its steps' params and outputs). */
    Function<Plan.Child, Map<String, Object>> childBody = c -> Map.of();
    final Map<String, Map<Long, Map<String, Object>>> childBodies = new HashMap<>();

    private Map<String, Map<Long, Map<String, Object>>> copyValues() {
        Map<String, Map<Long, Map<String, Object>>> out = new HashMap<>();
        childBodies.forEach((k, v) -> out.put(k, new HashMap<>(v)));
        return out;
    }
    /** The namespace's signals, by name, as the steps' waits read them. */
    final Map<String, List<ArrivedSignal>> signals = new HashMap<>();
    /** Step actions asked and not taken yet; taken ones leave it as the status would record them. */
    final List<StepRequest> requests = new ArrayList<>();
    /** Every step action's outcome, in the order taken. */
    final List<Plan.ActionTaken> actions = new ArrayList<>();
    /** Steps whose Stop was taken. */
    final java.util.Set<String> noRetry = new java.util.HashSet<>();
    /** Every signal a plan asked to emit. */
    final List<Plan.Emit> emitted = new ArrayList<>();
    /** Objects of resource steps in the fake cluster, by step then attempt: created by launches, their status set by tests. */
    final Map<String, Map<Integer, Map<String, Object>>> objects = new HashMap<>();
    /** Every http call a plan asked for, once per attempt, as the operator sends it. */
    final List<Plan.Call> calls = new ArrayList<>();
    /** The result of an http call, by default in flight for ever; null: the operator lost it. */
    Function<Plan.Call, HttpResult> answer = c -> HttpResult.inFlight();
    final Map<String, HttpResult> httpResults = new HashMap<>();
    int budget = -1;
    /** The permits granted to the run's holders, as the reconciler's caches would show them. */
    PermitView permits = PermitView.NONE;
    /** How many subworkflow runs enclose this one. */
    int depth = 0;
    Plan last;

    RunSimulator(String yaml, Map<String, Object> params) {
        this(Specs.parse(yaml), params);
    }

    RunSimulator(Definition definition, Map<String, Object> params) {
        this.spec = definition;
        this.params = params;
    }

    Attempt ended(Plan.Launch l, AttemptOutcome how, int exitCode, Map<String, Object> outputs) {
        return new Attempt(l.attempt(), how, now, now.plusSeconds(1), exitCode, how.name(), null, outputs);
    }

    /** One reconcile: plan, then let the fake cluster finish what was launched. */
    Plan tick() {
        Map<String, List<ForeachPlanner.ChildObservation>> observedChildren = new HashMap<>();
        children.forEach((step, byIndex) -> byIndex.forEach((i, phase) ->
                observedChildren.computeIfAbsent(step, k -> new ArrayList<>())
                        .add(new ForeachPlanner.ChildObservation(i, phase, childLeaves.apply(i, phase)))));
        Controls asked = new Controls(controls.suspended(), controls.stop(), controls.stopReason(), controls.resumed(),
                requests, noRetry, controls.breakpoints());
        RunState run = new RunState("run-1", "ns", Instant.parse("2026-11-24T00:00:00Z"), params, steps, copy(cluster),
                asked, budget, loopParams, observedChildren, copyValues(), depth)
                .withSignals(name -> List.copyOf(signals.getOrDefault(name, List.of())))
                .withResources(observedObjects()).withPermits(permits)
                .withHttp((step, attempt) -> httpResults.get(step + "/" + attempt));
        last = planner.plan(spec, run, now);
        for (Plan.Call c : last.calls()) {
            String key = c.step() + "/" + c.attempt();
            if (calls.stream().noneMatch(k -> (k.step() + "/" + k.attempt()).equals(key))) {
                calls.add(c);
                HttpResult r = answer.apply(c);
                if (r != null) {
                    httpResults.put(key, r);
                }
            }
        }
        emitted.addAll(last.emits());
        for (Plan.ActionTaken t : last.actions()) {
            actions.add(t);
            requests.removeIf(r -> r.id().equals(t.request().id()));
            if (t.request().kind() == StepRequest.Kind.Stop && t.outcome() == Plan.ActionTaken.Outcome.Done) {
                noRetry.add(t.request().path());
            }
        }
        StoredRun.Read stored = StoredRun.afterWrite(spec, run, last, now);
        params = stored.params();
        steps = new LinkedHashMap<>(stored.steps());
        for (Plan.Launch l : last.launches()) {
            if (l.manifest() != null) {
                if (objects.computeIfAbsent(l.step(), k -> new HashMap<>()).putIfAbsent(l.attempt(), new LinkedHashMap<>(l.manifest())) == null) {
                    launched.add(l);
                }
                continue;
            }
            if (!cluster.computeIfAbsent(l.step(), k -> new HashMap<>()).containsKey(l.attempt())) {
                launched.add(l);
                cluster.get(l.step()).put(l.attempt(), outcome.apply(l));
            }
        }
        killed.addAll(last.kills());
        for (Plan.Child c : last.children()) {
            Map<Long, ForeachPlanner.ChildPhase> byIndex = children.computeIfAbsent(c.step(), k -> new TreeMap<>());
            switch (c.action()) {
                case Create -> {
                    if (!byIndex.containsKey(c.index())) {
                        createdChildren.add(c);
                        byIndex.put(c.index(), childOutcome.apply(c));
                        childBodies.computeIfAbsent(c.step(), k -> new HashMap<>()).put(c.index(), childBody.apply(c));
                    }
                }
                case Delete -> byIndex.remove(c.index());
                case Stop -> byIndex.computeIfPresent(c.index(), (k, v) -> v.finished() ? v : ForeachPlanner.ChildPhase.Stopped);
            }
        }
        events.addAll(last.events());
        now = last.wakeAt() != null && last.launches().isEmpty() && last.calls().isEmpty() ? last.wakeAt() : now.plus(Duration.ofSeconds(1));
        return last;
    }

    /** Ticks until the run ends; fails after many ticks so a livelock cannot hang a test. */
    Plan runToEnd() {
        for (int i = 0; i < 500; i++) {
            if (tick().phase() != InstancePhase.Running) {
                return last;
            }
        }
        throw new AssertionError("the run did not end: " + steps);
    }

    /** Asks a step action, as a new entry of spec.actions would. */
    void ask(String id, StepRequest.Kind kind, String path) {
        requests.add(new StepRequest(id, kind, path, false));
    }

    /** The outcomes of the actions taken, as "id outcome: message". */
    List<String> outcomes() {
        return actions.stream().map(a -> a.request().id() + " " + a.outcome() + ": " + a.message()).toList();
    }

    /** A Signal created now in the fake cluster. */
    void signal(String name, String object, Map<String, Object> params) {
        signals.computeIfAbsent(name, k -> new ArrayList<>()).add(new ArrivedSignal(object, "uid-" + object, now, params));
    }

    StepState step(String name) {
        return steps.get(name);
    }

    private Map<String, Map<Integer, ObservedObject>> observedObjects() {
        Map<String, Map<Integer, ObservedObject>> out = new HashMap<>();
        objects.forEach((step, byAttempt) -> byAttempt.forEach((n, o) -> out.computeIfAbsent(step, k -> new HashMap<>())
                .put(n, new ObservedObject(new LinkedHashMap<>(o), now, false, now))));
        return out;
    }

    private static Map<String, Map<Integer, Attempt>> copy(Map<String, Map<Integer, Attempt>> m) {
        Map<String, Map<Integer, Attempt>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, new HashMap<>(v)));
        return out;
    }
}
