package dev.baton.engine;

import java.util.List;
import java.util.Set;

/**
 * What the user asked of a run through the instance spec: pause it, stop it, let steps past their
 * breakpoints, add breakpoints, act on single steps. Level-triggered: the planner reads them on every pass.
 *
 * @param resumed     steps allowed past their breakpoint
 * @param requests    step actions not taken yet, in the order asked
 * @param noRetry     steps of this run whose Stop was taken: their running attempt is their last
 * @param breakpoints steps given a breakpoint at run time (spec.breakpoints), besides the workflow's
 */
public record Controls(boolean suspended, Stop stop, String stopReason, Set<String> resumed, List<StepRequest> requests,
                       Set<String> noRetry, Set<String> breakpoints) {
    public static final Controls NONE = new Controls(false, Stop.None, null, Set.of());

    public Controls {
        requests = requests == null ? List.of() : List.copyOf(requests);
        noRetry = noRetry == null ? Set.of() : Set.copyOf(noRetry);
        breakpoints = breakpoints == null ? Set.of() : Set.copyOf(breakpoints);
    }

    public Controls(boolean suspended, Stop stop, String stopReason, Set<String> resumed) {
        this(suspended, stop, stopReason, resumed, List.of(), Set.of(), Set.of());
    }

    /** The same controls with the run stopped for the given reason (a run strategy superseding it). */
    public Controls stopped(String reason) {
        return new Controls(suspended, Stop.Stop, reason, resumed, requests, noRetry, breakpoints);
    }

    /** The same controls with no step action left to take (a pass that plans again after one took them). */
    public Controls withoutRequests() {
        return new Controls(suspended, stop, stopReason, resumed, List.of(), noRetry, breakpoints);
    }

    /** A stop request: Stop ends the run as Stopped, Kill as Failed; both delete running pods. */
    public enum Stop { None, Stop, Kill }
}
