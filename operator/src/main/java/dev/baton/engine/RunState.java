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
 */
public record RunState(String instanceName, String namespace, Instant startTime, Map<String, Object> params,
                       Map<String, StepState> steps, Map<String, Map<Integer, Attempt>> observed) {
}
