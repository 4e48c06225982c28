package dev.baton.engine.model;

/**
 * How the top-level instances of one workflow share it (Maestro's run strategies).
 *
 * @param concurrency how many may run at once with {@link Type#Parallel}
 */
public record RunStrategy(Type type, int concurrency) {
    public static final RunStrategy DEFAULT = new RunStrategy(Type.Sequential, 1);

    public RunStrategy {
        type = type == null ? Type.Sequential : type;
    }

    /** The strategies; their meaning is in the Workflow CRD's field documentation. */
    public enum Type { Sequential, StrictSequential, FirstOnly, LastOnly, Parallel, SerialLatestOnly }
}
