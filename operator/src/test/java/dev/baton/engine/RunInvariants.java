package dev.baton.engine;

import dev.baton.engine.model.Definition;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What must hold of a run however its events are ordered, checked by {@link UnreliableRunSimulator} on
 * every pass, each failure with the last passes of the run:
 * <ul>
 *   <li>planning never throws;</li>
 *   <li>no attempt runs twice. Names are deterministic, so a launch is a request to create the object
 *       of one attempt, and asking again is harmless as long as that object is the one that exists
 *       ({@link LeafAttempts} asks again for an attempt it remembers as running but does not see, and
 *       after a lost status write the same decision is made again). So: the planner never asks for an
 *       attempt it sees, nor for one its status records as ended; an attempt whose object was deleted is
 *       never created again; attempt numbers only grow; a step never has two attempts running at once;
 *       and no loop iteration is created again after its child instance was deleted;</li>
 *   <li>no step is lost: every step of the workflow is in every plan and every stored status, once;</li>
 *   <li>terminal stays terminal: a step that ended keeps its phase, an attempt that ended keeps its
 *       outcome, so progress (the count of ended steps) never goes back;</li>
 *   <li>the end is final: once the stored phase is terminal every step has ended, planning again changes
 *       nothing and launches nothing, and no attempt of the run is still running.</li>
 * </ul>
 */
final class RunInvariants {
    private static final int LOGGED_TICKS = 25;
    private final Definition definition;
    private final Deque<String> log = new ArrayDeque<>();

    RunInvariants(Definition definition) {
        this.definition = definition;
    }

    Plan plan(Supplier<Plan> planning, int tick, Instant now, boolean stale) {
        try {
            return planning.get();
        } catch (RuntimeException | StackOverflowError e) {
            throw broken("planning tick " + tick + " at +" + seconds(now) + "s" + (stale ? " (stale cache)" : "") + " threw " + e, e);
        }
    }

    void afterPlan(RunState run, Plan plan) {
        for (Plan.Launch l : plan.launches()) {
            // Asking again for an attempt it remembers as running but cannot see is LeafAttempts' harmless
            // re-create (or, after a lost status write, the same decision made again): the name is the same.
            Map<Integer, Attempt> seen = run.observed().getOrDefault(l.step(), Map.of());
            check(!seen.containsKey(l.attempt()), "launches " + l.step() + "/" + l.attempt() + ", which it sees in the cluster");
            StepState known = run.steps().get(l.step());
            check(known == null || known.attempts().stream().noneMatch(a -> a.number() == l.attempt() && a.ended()),
                    "launches " + l.step() + "/" + l.attempt() + ", which its status records as ended");
            check(definition.step(l.step()) != null && definition.step(l.step()).leaf() != null,
                    "launches " + l.step() + ", which is no leaf step of the workflow");
        }
        Map<String, StepState> planned = byName(plan.steps());
        check(plan.steps().size() == planned.size(), "a step is twice in the plan: " + names(plan.steps()));
        sameSteps(planned, "the plan");
        stillEnded(run.steps(), planned, "the plan");
    }

    void afterWrite(Map<String, StepState> before, Map<String, StepState> after) {
        sameSteps(after, "the stored status");
        stillEnded(before, after, "the stored status");
    }

    /**
     * A launch about to create an object, because none exists by its name; {@code recorded} are the attempts
     * some stored status has recorded. Returns true for the known bug: an attempt whose launch and kill were
     * both decided by passes whose status writes were lost, so no status ever recorded it, runs again.
     */
    boolean creating(Plan.Launch l, Set<String> created, Set<String> recorded, TreeMap<Integer, Attempt> stepObjects) {
        String id = l.step() + "/" + l.attempt();
        boolean again = created.contains(id);
        check(!again, "launches " + id + " again after its object was deleted: it would run twice");
        int highest = created.stream().filter(c -> c.startsWith(l.step() + "/"))
                .mapToInt(c -> Integer.parseInt(c.substring(l.step().length() + 1))).max().orElse(0);
        check(again || l.attempt() > highest, "launches " + id + " after attempt " + highest + ": attempt numbers go back");
        List<Integer> running = stepObjects.values().stream().filter(a -> !a.ended()).map(Attempt::number).toList();
        check(running.isEmpty(), "launches " + id + " while attempts " + running + " of the step still run");
        return again;
    }

    void creatingChild(Plan.Child c, boolean createdBefore) {
        check(!createdBefore, "creates iteration " + c.index() + " of " + c.step() + " again after its instance was deleted: it would run twice");
    }

    void afterEnd(InstancePhase phase, Map<String, StepState> stored, List<String> running, List<String> iterations, Plan again) {
        List<String> unfinished = stored.values().stream().filter(s -> !s.phase().terminal()).map(StepState::name).toList();
        check(unfinished.isEmpty(), "the instance is " + phase + " but steps " + unfinished + " have not ended");
        check(again.phase() == phase, "planned again, the ended instance's phase changes from " + phase + " to " + again.phase());
        check(again.launches().isEmpty(), "planned again, the ended instance launches " + again.launches());
        Map<String, StepPhase> before = stored.values().stream().collect(Collectors.toMap(StepState::name, StepState::phase));
        Map<String, StepPhase> after = plan(again);
        check(after.equals(before), "planned again, the ended instance's steps change from " + before + " to " + after);
        check(running.isEmpty(), "the instance is " + phase + " but attempts " + running + " still run in the cluster");
        check(iterations.isEmpty(), "the instance is " + phase + " but iterations " + iterations + " still run in the cluster");
    }

    void log(int tick, Instant now, boolean stale, boolean lost, Plan plan) {
        String line = "tick " + tick + " at +" + seconds(now) + "s" + (stale ? " stale-cache" : "") + (lost ? " LOST-WRITE" : "")
                + ": " + plan.phase()
                + " launches " + plan.launches().stream().map(l -> l.step() + "/" + l.attempt()).toList()
                + " kills " + plan.kills().stream().map(k -> k.step() + "/" + k.attempt()).toList()
                + " children " + plan.children().stream().map(c -> c.action() + ":" + c.step() + "#" + c.index()).toList()
                + " steps " + plan.steps().stream().map(RunInvariants::describe).collect(Collectors.joining(" "));
        log.addLast(line);
        if (log.size() > LOGGED_TICKS) {
            log.removeFirst();
        }
    }

    AssertionError broken(String what) {
        return broken(what, null);
    }

    private AssertionError broken(String what, Throwable cause) {
        return new AssertionError(what + "\nworkflow steps in order: " + definition.steps().order()
                + "\nlast ticks:\n  " + String.join("\n  ", log), cause);
    }

    private void check(boolean holds, String what) {
        if (!holds) {
            throw broken(what);
        }
    }

    private void sameSteps(Map<String, StepState> states, String where) {
        check(states.keySet().equals(Set.copyOf(definition.steps().order())),
                where + " has steps " + states.keySet() + " instead of " + definition.steps().order());
    }

    /** Every step that had ended keeps its phase; every attempt that had ended keeps its outcome. */
    private void stillEnded(Map<String, StepState> before, Map<String, StepState> after, String where) {
        long ended = before.values().stream().filter(s -> s.phase().terminal()).count();
        long endedAfter = after.values().stream().filter(s -> s.phase().terminal()).count();
        check(endedAfter >= ended, where + " has " + endedAfter + " ended steps, before " + ended + ": progress went back");
        for (StepState b : before.values()) {
            StepState a = after.get(b.name());
            if (b.phase().terminal()) {
                check(a.phase() == b.phase(), where + " changes ended step " + b.name() + " from " + b.phase() + " to " + a.phase());
            }
            Map<Integer, Attempt> attempts = new HashMap<>();
            a.attempts().forEach(x -> attempts.put(x.number(), x));
            for (Attempt x : b.attempts()) {
                Attempt y = attempts.get(x.number());
                check(y != null, where + " loses attempt " + x.number() + " of " + b.name());
                check(!x.ended() || y.outcome() == x.outcome(), where + " changes attempt " + x.number() + " of " + b.name()
                        + " that ended as " + x.outcome() + " to " + y.outcome());
            }
        }
    }

    private static Map<String, StepPhase> plan(Plan plan) {
        return plan.steps().stream().collect(Collectors.toMap(StepState::name, StepState::phase));
    }

    private static Map<String, StepState> byName(List<StepState> states) {
        Map<String, StepState> out = new HashMap<>();
        states.forEach(s -> out.put(s.name(), s));
        return out;
    }

    private static List<String> names(List<StepState> states) {
        return states.stream().map(StepState::name).toList();
    }

    private static String describe(StepState s) {
        String attempts = s.attempts().isEmpty() ? "" : s.attempts().stream()
                .map(a -> a.number() + ":" + a.outcome()).collect(Collectors.joining(",", "[", "]"));
        return s.name() + "=" + s.phase() + attempts;
    }

    private static long seconds(Instant now) {
        return Duration.between(UnreliableRunSimulator.START, now).toSeconds();
    }
}
