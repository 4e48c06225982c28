package dev.baton.engine.model;

/**
 * How the top-level instances of one workflow share it (Maestro's run strategies).
 *
 * @param concurrency how many may run at once with {@link Type#Parallel}
 * @param priority    the workflow's spec.priority: with Sequential and Parallel, waiting instances of higher
 *                    priority start first (an instance's own spec.priority wins)
 */
public record RunStrategy(Type type, int concurrency, int priority) {
    public static final RunStrategy DEFAULT = new RunStrategy(Type.Sequential, 1);

    public RunStrategy {
        type = type == null ? Type.Sequential : type;
    }

    public RunStrategy(Type type, int concurrency) {
        this(type, concurrency, 0);
    }

    public RunStrategy withPriority(int p) {
        return new RunStrategy(type, concurrency, p);
    }

    /** The strategies; their meaning is in the Workflow CRD's field documentation. */
    public enum Type { Sequential, StrictSequential, FirstOnly, LastOnly, Parallel, SerialLatestOnly }
}
