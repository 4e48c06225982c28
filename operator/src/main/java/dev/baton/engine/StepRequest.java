package dev.baton.engine;

/**
 * One action a user asked of a step of a run (Maestro's step actions), not yet taken: read from the
 * instance's spec.actions, minus those its status records.
 *
 * @param id          the request's id, unique in the instance: a request is taken once
 * @param kind        what to do
 * @param path        the step: {@code load}, an iteration {@code per-region[17]}, a step inside one
 *                    {@code per-region[17]/load}, a subworkflow's step {@code child/load}
 * @param descendants for Restart: restart the steps after it too
 */
public record StepRequest(String id, Kind kind, String path, boolean descendants) {

    public enum Kind {
        /** End a step that has not finished as Skipped (its pod is deleted); its descendants follow the rules. */
        Skip,
        /** Start a waiting step now, whatever its dependencies and signals. */
        Bypass,
        /** Let a running step's attempt end and start no retry: it ends Stopped unless that attempt succeeds. */
        Stop,
        /** Delete a running step's pod now: it ends Failed, and its onFailure applies. */
        Kill,
        /** Run an ended step again, with a new attempt (and its descendants, when asked). */
        Restart
    }
}
