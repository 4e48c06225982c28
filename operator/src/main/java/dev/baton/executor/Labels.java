package dev.baton.executor;

/** Labels Baton puts on the objects it creates, so watches can select them and map them back. */
public final class Labels {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "baton";
    public static final String INSTANCE = "baton.dev/instance";
    public static final String STEP = "baton.dev/step";
    public static final String ATTEMPT = "baton.dev/attempt";
    /** On loop iterations: the parent instance, the loop step's generation and the iteration index. */
    public static final String PARENT = "baton.dev/parent";
    /** On an instance a time trigger started: the trigger's name. */
    public static final String TRIGGER = "baton.dev/trigger";
    /** On an instance a time trigger started: the fire's scheduled time (RFC 3339, UTC). */
    public static final String SCHEDULED_TIME = "baton.dev/scheduled-time";
    /** On an instance a signal trigger started: the signals, as name=Signal object, comma-separated. */
    public static final String SIGNALS = "baton.dev/signals";
    /** On an instance a signal trigger started: when the newest of its signals was created. */
    public static final String SIGNAL_TIME = "baton.dev/signal-time";
    /** On every child instance: the top-level instance of its tree. */
    public static final String ROOT = "baton.dev/root";
    /** Annotation on child instances: the root's instanceStepConcurrency, which the whole tree shares. */
    public static final String TREE_LIMIT = "baton.dev/instance-step-concurrency";
    /** Annotation on child instances: how many subworkflow levels lie above (a runaway recursion's brake). */
    public static final String DEPTH = "baton.dev/subworkflow-depth";
    public static final String GENERATION = "baton.dev/generation";
    public static final String ITERATION = "baton.dev/iteration";
    /** The label selector of every object Baton creates. */
    public static final String SELECTOR = MANAGED_BY + "=" + MANAGER;
    /** On a Permit object: the ConcurrencyLimit it is a permit of. */
    public static final String PERMIT = "baton.dev/permit";


    private Labels() {
    }
}
