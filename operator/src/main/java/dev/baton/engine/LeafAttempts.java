package dev.baton.engine;

import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.Durations;
import dev.baton.engine.model.RetryPolicy;
import dev.baton.engine.model.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The attempts of a running leaf step: merges what status remembers with what the cluster shows, ends
 * attempts that ran past their timeout or whose object vanished, and decides between success, a retry
 * after a backoff, and failure.
 */
final class LeafAttempts {
    static final Duration VANISH_GRACE = Attempt.VANISH_GRACE;
    /** When to look again at an earlier attempt that is being stopped before the next starts. */
    static final Duration LINGER_RECHECK = Duration.ofSeconds(2);

    private final Step step;
    private final RetryPolicy retry;
    private final Duration timeout;
    private final boolean timeoutIncludesAdmission;
    private final PlanBuilder out;

    LeafAttempts(Step step, PlanBuilder out) {
        this.step = step;
        this.out = out;
        this.retry = step.attempted().retry();
        this.timeout = step.attempted().timeout();
        this.timeoutIncludesAdmission = step.leaf() != null && step.leaf().timeoutIncludesAdmission();
    }

    StepState advance(StepState current, Map<Integer, Attempt> observed, StepInputs inputs) {
        FoldedAttempts folded = current.folded();
        List<Attempt> attempts = merge(current.attempts(), observed == null ? Map.of() : observed,
                Math.max(current.firstAttempt(), folded.through() + 1));
        if (attempts.isEmpty()) {
            return launch(current, attempts, Math.max(current.firstAttempt(), folded.through() + 1), inputs, observed);
        }
        Attempt last = attempts.get(attempts.size() - 1);
        boolean seen = observed != null && observed.containsKey(last.number());
        if (!last.ended()) {
            last = checkRunning(last, seen, inputs);
            attempts.set(attempts.size() - 1, last);
            if (!last.ended()) {
                return current.withAttempts(attempts, null, last.outcome() == AttemptOutcome.Admitting
                        ? "attempt " + last.number() + " waits for Kueue to admit its Job (queue " + step.leaf().queue() + ")" : null);
            }
        }
        if (last.outcome() == AttemptOutcome.Succeeded) {
            return current.succeeded(last.outputs(), attempts, out.now());
        }
        List<AttemptOutcome> outcomes = folded.withListed(attempts);
        return RetryNext.after(step, current, attempts, last, retry, outcomes, describe(last, outcomes), true, out,
                number -> launch(current, attempts, number, inputs, observed));
    }

    /**
     * A running attempt ends when it passes its timeout, when its object stays missing, when its pod
     * stays stuck (its image cannot be pulled) for {@link Attempt#STUCK_GRACE}, or when Kueue evicts its
     * Job. Time waiting for admission counts towards the timeout only when the step says so.
     */
    private Attempt checkRunning(Attempt last, boolean seen, StepInputs inputs) {
        if (last.outcome() == AttemptOutcome.Admitting && last.admitted() != null) {
            // Admitted once and suspended again: Kueue evicted it (preempted, or its quota or workload
            // went away) and deleted its pod. Kueue would run it again later from the start, unseen by
            // the retry policy; ending it here makes the eviction a platform error, retried as a new
            // attempt with the class's limit and backoff.
            String why = "Kueue evicted its Job after admitting it at " + last.admitted();
            out.kill(step.name(), last.number(), why);
            return last.endedAs(AttemptOutcome.PlatformError, "Evicted", why, out.now());
        }
        boolean timed = timeout != null && (last.outcome() != AttemptOutcome.Admitting || timeoutIncludesAdmission);
        Instant deadline = timed ? last.timeoutFrom(timeoutIncludesAdmission).plus(timeout) : null;
        if (timed && !out.now().isBefore(deadline)) {
            out.kill(step.name(), last.number(), "ran past its timeout of " + Durations.format(timeout));
            return last.endedAs(AttemptOutcome.Timeout, "Timeout", "ran past its timeout of " + Durations.format(timeout), out.now());
        }
        if (!seen) {
            if (!out.now().isBefore(last.start().plus(VANISH_GRACE))) {
                String object = step.leaf() != null ? "Job or Pod" : step.resource().kind();
                return last.endedAs(AttemptOutcome.PlatformError, "Deleted", "its " + object + " was deleted outside Baton", out.now());
            }
            // Not in the cache yet: creating it again is harmless (the name is deterministic) and covers a
            // crash between deciding the launch and creating the object.
            out.launch(inputs.launch(step.name(), last.number()));
            out.wakeAt(last.start().plus(VANISH_GRACE));
        }
        if (last.stuck() != null) {
            Attempt.Stuck stuck = last.stuck();
            Instant due = stuck.since().plus(Attempt.STUCK_GRACE);
            if (!out.now().isBefore(due)) {
                out.kill(step.name(), last.number(), stuck.reason() + ": " + stuck.message());
                return last.endedAs(stuck.outcome(), stuck.reason(), stuck.message(), out.now());
            }
            out.wakeAt(due);
        }
        if (timed) {
            out.wakeAt(deadline);
        }
        return last;
    }

    /**
     * A just-launched attempt wakes its instance at its timeout: its Job's and Pod's events wake the
     * instance only when the attempt ends (AttemptEvents), so the timeout must not wait for one.
     */
    void armTimeout(Attempt launched) {
        if (timeout != null && !launched.ended() && (launched.outcome() != AttemptOutcome.Admitting || timeoutIncludesAdmission)) {
            out.wakeAt(launched.start().plus(timeout));
        }
    }

    /** A new attempt as its launch leaves it: a queued Job starts out waiting for admission. */
    static Attempt launched(Step step, int number, Instant now) {
        return step.leaf() != null && step.leaf().queue() != null ? Attempt.admitting(number, now) : Attempt.launched(number, now);
    }

    private StepState launch(StepState current, List<Attempt> attempts, int number, StepInputs inputs,
                             Map<Integer, Attempt> observed) {
        // An earlier attempt's object that still runs although its attempt has ended (the operator died
        // between the status write that ended it and the delete that follows it, or a restart's previous
        // run) is stopped first: two attempts of a step never run at once.
        List<Integer> lingering = observed == null ? List.of() : observed.values().stream()
                .filter(a -> !a.ended() && a.number() < number).map(Attempt::number).sorted().toList();
        if (!lingering.isEmpty()) {
            lingering.forEach(n -> out.kill(step.name(), n, "attempt " + number + " waits for it to stop"));
            out.wakeAt(out.now().plus(LINGER_RECHECK));
            return current.withAttempts(attempts, null, "attempt " + number + " waits for attempts " + lingering + " to stop");
        }
        List<Attempt> next = new ArrayList<>(attempts);
        next.add(launched(step, number, out.now()));
        out.launch(inputs.launch(step.name(), number));
        armTimeout(next.get(next.size() - 1));
        return current.withAttempts(next, null, null);
    }

    /**
     * Status wins once it recorded an end (a timeout we decided); otherwise the cluster's view wins, but
     * for the start the status remembers.
     * Attempts of earlier runs (numbers below firstAttempt) are history, not part of this run, and folded
     * attempts are counted already: neither is read back from the cluster.
     */
    private static List<Attempt> merge(List<Attempt> remembered, Map<Integer, Attempt> observed, int firstListed) {
        TreeMap<Integer, Attempt> all = new TreeMap<>(observed);
        all.headMap(firstListed).clear();
        for (Attempt a : remembered) {
            Attempt seen = all.get(a.number());
            if (a.ended() || seen == null) {
                all.put(a.number(), a);
            } else if (!a.start().equals(seen.start())) {
                // An attempt starts when Baton launched it. Its object's creation time, a moment (and
                // sometimes a second) later, must not change the status: that would cost a write and
                // a watch event for every step it happens to.
                all.put(a.number(), new Attempt(seen.number(), seen.outcome(), a.start(), seen.end(), seen.exitCode(),
                        seen.reason(), seen.message(), seen.outputs(), seen.stuck(),
                        a.admitted() != null ? a.admitted() : seen.admitted()));
            } else if (a.admitted() != null && !a.admitted().equals(seen.admitted())) {
                // Status remembers the first admission: a Job that Kueue suspended again shows none.
                all.put(a.number(), seen.admittedAt(a.admitted()));
            }
        }
        return new ArrayList<>(all.values());
    }

    private String describe(Attempt last, List<AttemptOutcome> outcomes) {
        String what = switch (last.outcome()) {
            case UserError -> last.exitCode() == null ? String.valueOf(last.reason())
                    : "exit code " + last.exitCode() + (last.reason() == null ? "" : " (" + last.reason() + ")");
            case PlatformError -> "platform error " + last.reason();
            case Timeout -> "timeout";
            default -> String.valueOf(last.outcome());
        };
        String details = last.message() == null || last.message().isBlank() ? "" : ": " + last.message();
        long used = outcomes.stream().filter(o -> o == last.outcome()).count() - 1;
        return what + details + " (attempt " + last.number() + ", " + used + " of "
                + retry.limitFor(last.outcome()) + " retries for this class used)";
    }
}
