package dev.baton.engine;

import java.util.Set;

/**
 * What the user asked of a run through the instance spec: pause it, stop it, or let steps past their
 * breakpoints. Level-triggered: the planner reads them on every pass.
 *
 * @param resumed steps allowed past their breakpoint
 */
public record Controls(boolean suspended, Stop stop, String stopReason, Set<String> resumed) {
    public static final Controls NONE = new Controls(false, Stop.None, null, Set.of());

    /** The same controls with the run stopped for the given reason (a run strategy superseding it). */
    public Controls stopped(String reason) {
        return new Controls(suspended, Stop.Stop, reason, resumed);
    }

    /** A stop request: Stop ends the run as Stopped, Kill as Failed; both delete running pods. */
    public enum Stop { None, Stop, Kill }
}
