package dev.baton.engine.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A workflow as the engine runs it: compiled once per revision from the spec the user wrote, with every
 * default applied, every duration parsed and every step reachable by name. Immutable, so one compiled
 * revision serves every instance pinned to it.
 *
 * @param params                  declared params by name
 * @param timeout                 longest run of an instance, or null
 * @param runStrategy             how the workflow's top-level instances share it
 * @param stepConcurrency         most leaf steps running across all instances, or null for no limit
 * @param instanceStepConcurrency most leaf steps running in one instance tree, or null for no limit
 * @param suspended               whether triggers may create instances
 * @param steps                   the step graph
 * @param cleanup                 when ended instances and their steps' pods are deleted
 * @param exitHooks               the steps of spec.onExit by name, in the order written; {@code steps} holds them
 *                                too, after the workflow's own steps and with no edge to or from them
 * @param permits                 shared concurrency limits each run holds from its start to its end
 *                                (the workflow's spec.permits; a foreach body's for its iterations)
 * @param notifications           what events of a run are sent to which webhooks
 */
public record Definition(Map<String, ParamDecl> params, Duration timeout, RunStrategy runStrategy,
                         Integer stepConcurrency, Integer instanceStepConcurrency, boolean suspended, Graph steps,
                         Cleanup cleanup, Map<String, ExitHook> exitHooks, List<String> permits,
                         List<Notify> notifications) {

    public Definition {
        permits = permits == null ? List.of() : List.copyOf(permits);
        notifications = notifications == null ? List.of() : List.copyOf(notifications);
        params = Map.copyOf(params);
        runStrategy = runStrategy == null ? RunStrategy.DEFAULT : runStrategy;
        cleanup = cleanup == null ? Cleanup.DEFAULT : cleanup;
        exitHooks = exitHooks == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(exitHooks));
    }

    public Definition(Map<String, ParamDecl> params, Duration timeout, RunStrategy runStrategy, Integer stepConcurrency,
                      Integer instanceStepConcurrency, boolean suspended, Graph steps, Cleanup cleanup) {
        this(params, timeout, runStrategy, stepConcurrency, instanceStepConcurrency, suspended, steps, cleanup, Map.of(), List.of(), List.of());
    }

    public Definition(Map<String, ParamDecl> params, Duration timeout, RunStrategy runStrategy, Integer stepConcurrency,
                      Integer instanceStepConcurrency, boolean suspended, Graph steps) {
        this(params, timeout, runStrategy, stepConcurrency, instanceStepConcurrency, suspended, steps, Cleanup.DEFAULT);
    }

    /** True when the step named so is an exit hook (spec.onExit), not a step of the workflow's graph. */
    public boolean isExitHook(String name) {
        return exitHooks.containsKey(name);
    }

    /** The step of the top-level graph (exit hooks included) with this name, or null. */
    public Step step(String name) {
        return steps.step(name);
    }

    /**
     * What an iteration of the loop step at {@code path} runs (outer loop first): the body's graph with
     * the workflow's params and podGC, and nothing that belongs to the top level (timeout, strategies,
     * limits, the ttl of ended instances: an iteration goes with its loop), and the permits its
     * loop step names for each iteration.
     * Null when the path names no loop.
     */
    public Definition body(List<String> path) {
        Graph graph = steps;
        List<String> bodyPermits = List.of();
        for (String name : path) {
            Step loop = graph.step(name);
            if (loop == null || loop.body() == null) {
                return null;
            }
            graph = loop.body();
            bodyPermits = loop.permits().body();
        }
        return new Definition(params, null, RunStrategy.DEFAULT, null, null, false, graph,
                new Cleanup(null, null, cleanup.podGc()), Map.of(), bodyPermits, List.of());
    }
}
