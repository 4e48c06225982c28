package dev.baton.engine.model;

import java.util.List;
import java.util.Map;

/**
 * The signals a step waits for before it starts and those it emits when it succeeds (Maestro's signal
 * dependencies and outputs). Any kind of step may have both: a loop or subworkflow step waits before its
 * first iteration or child starts, and emits once it has succeeded as a whole.
 *
 * @param waits every one must be matched by an arrived signal before the step starts
 * @param emits created, one Signal each, when the step succeeds
 */
public record StepSignals(List<Wait> waits, List<Emit> emits) {
    public static final StepSignals NONE = new StepSignals(List.of(), List.of());

    public StepSignals {
        waits = List.copyOf(waits);
        emits = List.copyOf(emits);
    }

    /** Which arrived signals count for a wait: those created since the run started (default), since the step became ready, or any. */
    public enum Since { Run, Step, Any }

    /**
     * One signal to wait for.
     *
     * @param index its place in the step's waitForSignals, for messages
     * @param name  the Signal's spec.name
     * @param match a CEL condition over {@code signal.params} (and {@code signal.name}) and the step's
     *              variables, or null for any
     */
    public record Wait(int index, String name, String match, Since since) {
    }

    /**
     * One signal to emit.
     *
     * @param index  its place in the step's emitSignals: part of the emitted Signal's name, and for messages
     * @param params name to value or {@code ${expression}} over the step's {@code outputs}, its {@code signals},
     *               the workflow's {@code params}, upstream {@code steps} and {@code instance}
     */
    public record Emit(int index, String name, Map<String, Object> params) {
    }
}
