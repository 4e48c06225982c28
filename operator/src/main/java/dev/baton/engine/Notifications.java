package dev.baton.engine;

import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.Notify;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which notifications a run owes, recomputed from the run on every reconcile: each event that happened
 * (started, ended, a step failed, the SLA passed) for each notify entry that listens for it, minus those
 * already delivered. Each has a deterministic id, the dedup id of its message, so a delivery that is
 * repeated (the operator died after sending and before recording it) is recognisable as the same.
 */
public final class Notifications {
    private Notifications() {
    }

    /** A step that failed in this run; {@code generation} tells a failure of a restarted step from the first. */
    public record FailedStep(String name, int generation, String message) {
    }

    /**
     * @param start when the run started (null while it has not)
     * @param end   when it ended (null while it runs)
     */
    public record RunView(String uid, int run, InstancePhase phase, Instant start, Instant end, List<FailedStep> failed) {
    }

    public record Due(String id, Notify entry, Notify.Event event, String step, String message) {
    }

    /** @param wakeAt when the next SLA passes, or null */
    public record Verdict(List<Due> due, Instant wakeAt) {
    }

    public static Verdict of(List<Notify> entries, RunView run, Set<String> delivered, Instant now) {
        List<Due> due = new ArrayList<>();
        Instant wake = null;
        if (run.start() == null) {
            return new Verdict(due, null);
        }
        String prefix = run.uid() + "/" + run.run() + "/";
        for (Notify n : entries) {
            String suffix = "/" + n.index();
            if (n.events().contains(Notify.Event.Started)) {
                add(due, delivered, new Due(prefix + "Started" + suffix, n, Notify.Event.Started, null, "run " + run.run() + " started"));
            }
            Notify.Event ended = run.phase() == InstancePhase.Succeeded ? Notify.Event.Succeeded
                    : run.phase() == InstancePhase.Failed || run.phase() == InstancePhase.TimedOut ? Notify.Event.Failed : null;
            if (ended != null && n.events().contains(ended)) {
                add(due, delivered, new Due(prefix + ended + suffix, n, ended, null, "run " + run.run() + " " + run.phase()));
            }
            if (n.events().contains(Notify.Event.StepFailed)) {
                for (FailedStep f : run.failed()) {
                    add(due, delivered, new Due(prefix + "StepFailed/" + f.name() + "." + f.generation() + suffix, n,
                            Notify.Event.StepFailed, f.name(), "step " + f.name() + " failed" + (f.message() == null ? "" : ": " + f.message())));
                }
            }
            if (n.events().contains(Notify.Event.SlaExceeded) && n.sla() != null) {
                Instant deadline = run.start().plus(n.sla());
                boolean passed = run.end() == null ? !now.isBefore(deadline) : run.end().isAfter(deadline);
                if (passed) {
                    add(due, delivered, new Due(prefix + "SlaExceeded" + suffix, n, Notify.Event.SlaExceeded, null,
                            "run " + run.run() + " still " + (run.end() == null ? "running" : "ran") + " past its SLA of "
                                    + dev.baton.engine.model.Durations.format(n.sla())));
                } else if (run.end() == null && (wake == null || deadline.isBefore(wake))) {
                    wake = deadline;
                }
            }
        }
        return new Verdict(due, wake);
    }

    private static void add(List<Due> due, Set<String> delivered, Due d) {
        if (!delivered.contains(d.id())) {
            due.add(d);
        }
    }
}
