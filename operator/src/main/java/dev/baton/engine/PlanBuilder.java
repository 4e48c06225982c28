package dev.baton.engine;

import dev.baton.api.InstancePhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Collects the decisions of one planning pass. */
final class PlanBuilder {
    private final Instant now;
    private final List<Plan.Launch> launches = new ArrayList<>();
    private final List<Plan.Kill> kills = new ArrayList<>();
    private final List<Plan.PlanEvent> events;
    private Instant wakeAt;

    PlanBuilder(Instant now, List<Plan.PlanEvent> earlierEvents) {
        this.now = now;
        this.events = new ArrayList<>(earlierEvents);
    }

    Instant now() {
        return now;
    }

    void launch(Plan.Launch launch) {
        launches.add(launch);
    }

    void kill(String step, int attempt, String reason) {
        kills.add(new Plan.Kill(step, attempt, reason));
    }

    void event(boolean warning, String reason, String message) {
        events.add(new Plan.PlanEvent(warning, reason, message));
    }

    List<Plan.PlanEvent> events() {
        return events;
    }

    /** Asks to be planned again at the given time (sleep steps, backoffs, timeouts); the earliest wins. */
    void wakeAt(Instant at) {
        if (wakeAt == null || at.isBefore(wakeAt)) {
            wakeAt = at;
        }
    }

    /** Records an event when a step changed phase. */
    void transition(StepState before, StepState after) {
        if (before.phase() == after.phase()) {
            return;
        }
        String name = after.name();
        switch (after.phase()) {
            case Running -> event(false, "StepStarted", "step " + name + " started");
            case Succeeded -> event(false, "StepSucceeded", "step " + name + " succeeded");
            case Failed -> event(true, "StepFailed", "step " + name + " failed: " + after.message());
            case CompletedWithError -> event(true, "StepCompletedWithError", "step " + name + " failed, ignored: " + after.message());
            case Skipped -> event(false, "StepSkipped", "step " + name + " skipped: " + after.message());
            case Stopped -> event(true, "StepStopped", "step " + name + " " + after.message());
            default -> { }
        }
    }

    Plan build(InstancePhase phase, String message, List<StepState> steps) {
        return new Plan(phase, message, steps, launches, kills, wakeAt, events);
    }
}
