package dev.baton.engine.model;

import java.util.List;

/**
 * The shared concurrency limits a step names (ConcurrencyLimit objects, by name).
 *
 * @param held permits the step holds from its start to its end
 * @param body permits each iteration of a foreach step holds while it runs (empty for other kinds)
 */
public record StepPermits(List<String> held, List<String> body) {
    public static final StepPermits NONE = new StepPermits(List.of(), List.of());

    public StepPermits {
        held = held == null ? List.of() : List.copyOf(held);
        body = body == null ? List.of() : List.copyOf(body);
    }
}
