package dev.baton.engine.model;

/**
 * What makes a step of {@code spec.onExit} an exit hook: which outcomes of the graph it runs after, and
 * whether its failure fails the instance. The step itself is in the definition's graph like any other,
 * with no edge to or from the workflow's steps.
 *
 * @param failInstance when true, the hook ending Failed makes the instance Failed whatever the graph did;
 *                     by default a hook's failure is recorded and the instance keeps the graph's outcome
 */
public record ExitHook(String name, When when, boolean failInstance) {

    public ExitHook {
        when = when == null ? When.Always : when;
    }

    /** The outcomes of the graph a hook runs after. */
    public enum When {
        /** Only when every step of the graph succeeded (or was skipped, or failed with Ignore). */
        Succeeded,
        /** When the graph did not succeed: Failed, TimedOut, or Stopped by spec.stop: Stop. */
        Failed,
        /** Whatever the graph did (the default). */
        Always;

        public boolean matches(InstancePhase outcome) {
            return switch (this) {
                case Succeeded -> outcome == InstancePhase.Succeeded;
                case Failed -> outcome != InstancePhase.Succeeded;
                case Always -> true;
            };
        }
    }
}
