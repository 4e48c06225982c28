package dev.baton.engine;

import java.time.Instant;
import java.util.Map;

/**
 * A run as observed at the start of a reconcile, rebuilt every time from the instance's status and the
 * Jobs and Pods that exist for it.
 *
 * @param params   the resolved parameter values of the run
 * @param steps    step states remembered in status, by name (missing steps are Pending)
 * @param observed attempts seen in the cluster, by step name then attempt number; they win over status
 * @param controls what the user asked through the instance spec
 * @param launchBudget how many more leaf steps may start now (stepConcurrency), or -1 for no limit
 * @param loopParams the loop variables of this instance when it is a loop iteration, else empty
 * @param children   observed child instances of loop steps, by step name
 * @param childValues params and outputs of finished loop iterations' body steps, by step name then
 *                    iteration (what a while loop carries into its next iteration)
 * @param subworkflowDepth how many subworkflow runs enclose this one (0 for a top-level instance)
 * @param signals    the namespace's signals, for the steps that wait for some
 * @param resources  the objects of resource steps' attempts seen in the cluster, by step name then attempt number
 * @param permits    the permits of shared concurrency limits this run's holders have been granted
 * @param http       the results of the HTTP calls of http steps that this operator sent
 */
public record RunState(String instanceName, String namespace, Instant startTime, Map<String, Object> params,
                       Map<String, StepState> steps, Map<String, Map<Integer, Attempt>> observed, Controls controls,
                       int launchBudget, Map<String, Object> loopParams,
                       Map<String, java.util.List<dev.baton.engine.loops.ForeachPlanner.ChildObservation>> children,
                       Map<String, Map<Long, Map<String, Object>>> childValues, int subworkflowDepth,
                       SignalSource signals, Map<String, Map<Integer, ObservedObject>> resources, PermitView permits,
                       HttpResults http) {

    public RunState {
        signals = signals == null ? SignalSource.NONE : signals;
        resources = resources == null ? Map.of() : resources;
        permits = permits == null ? PermitView.NONE : permits;
        http = http == null ? HttpResults.NONE : http;
    }

    public RunState(String instanceName, String namespace, Instant startTime, Map<String, Object> params,
                    Map<String, StepState> steps, Map<String, Map<Integer, Attempt>> observed, Controls controls,
                    int launchBudget, Map<String, Object> loopParams,
                    Map<String, java.util.List<dev.baton.engine.loops.ForeachPlanner.ChildObservation>> children,
                    Map<String, Map<Long, Map<String, Object>>> childValues, int subworkflowDepth, SignalSource signals) {
        this(instanceName, namespace, startTime, params, steps, observed, controls, launchBudget, loopParams, children,
                childValues, subworkflowDepth, signals, Map.of(), PermitView.NONE, HttpResults.NONE);
    }

    public RunState(String instanceName, String namespace, Instant startTime, Map<String, Object> params,
                    Map<String, StepState> steps, Map<String, Map<Integer, Attempt>> observed, Controls controls,
                    int launchBudget, Map<String, Object> loopParams,
                    Map<String, java.util.List<dev.baton.engine.loops.ForeachPlanner.ChildObservation>> children,
                    Map<String, Map<Long, Map<String, Object>>> childValues, int subworkflowDepth) {
        this(instanceName, namespace, startTime, params, steps, observed, controls, launchBudget, loopParams, children,
                childValues, subworkflowDepth, SignalSource.NONE);
    }

    /** A run with no user controls and no concurrency limit. */
    public RunState(String instanceName, String namespace, Instant startTime, Map<String, Object> params,
                    Map<String, StepState> steps, Map<String, Map<Integer, Attempt>> observed) {
        this(instanceName, namespace, startTime, params, steps, observed, Controls.NONE, -1, Map.of(), Map.of(), Map.of(), 0);
    }

    public RunState withControls(Controls c) {
        return new RunState(instanceName, namespace, startTime, params, steps, observed, c, launchBudget, loopParams, children, childValues, subworkflowDepth, signals, resources, permits, http);
    }

    RunState withSteps(Map<String, StepState> states) {
        return new RunState(instanceName, namespace, startTime, params, states, observed, controls, launchBudget, loopParams, children, childValues, subworkflowDepth, signals, resources, permits, http);
    }

    public RunState withSignals(SignalSource source) {
        return new RunState(instanceName, namespace, startTime, params, steps, observed, controls, launchBudget, loopParams, children, childValues, subworkflowDepth, source, resources, permits, http);
    }

    public RunState withResources(Map<String, Map<Integer, ObservedObject>> objects) {
        return new RunState(instanceName, namespace, startTime, params, steps, observed, controls, launchBudget, loopParams, children, childValues, subworkflowDepth, signals, objects, permits, http);
    }

    public RunState withPermits(PermitView view) {
        return new RunState(instanceName, namespace, startTime, params, steps, observed, controls, launchBudget, loopParams, children, childValues, subworkflowDepth, signals, resources, view, http);
    }

    public RunState withHttp(HttpResults results) {
        return new RunState(instanceName, namespace, startTime, params, steps, observed, controls, launchBudget, loopParams, children, childValues, subworkflowDepth, signals, resources, permits, results);
    }
}
