package dev.baton.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** spec.actions as the clients (kubectl baton, the console) append to it: bounded, the oldest answered ones making room. */
public final class StepActionList {
    /** spec.actions holds at most this many (the CRD's limit). */
    public static final int MAX_ACTIONS = 100;

    private StepActionList() {
    }

    /**
     * The spec's actions with {@code asked} added; when full, the oldest ones already answered make room.
     *
     * @throws IllegalStateException when all of them still wait for the operator's answer (the message says so)
     */
    public static List<StepActionSpec> withAction(WorkflowInstance current, StepActionSpec asked) {
        List<StepActionSpec> actions = new ArrayList<>(current.getSpec().actions == null ? List.of() : current.getSpec().actions);
        Set<String> answered = current.getStatus() == null || current.getStatus().actions == null ? Set.of()
                : current.getStatus().actions.stream().map(a -> a.id).collect(Collectors.toSet());
        while (actions.size() >= MAX_ACTIONS) {
            StepActionSpec oldest = actions.stream().filter(a -> answered.contains(a.id)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("workflowinstance.baton.dev/" + current.getMetadata().getName() + " has "
                            + MAX_ACTIONS + " step actions the operator has not answered yet: wait, then ask again"));
            actions.remove(oldest);
        }
        actions.add(asked);
        return actions;
    }
}
