package dev.baton.engine;

import dev.baton.engine.loops.ForeachPlanner.ChildObservation;
import dev.baton.engine.loops.ForeachPlanner.ChildPhase;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.InstancePhase;
import dev.baton.reconciler.StoredRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Drives the planner as the reconciler does, against a fake cluster in which things happen in a random
 * order, and checks {@link RunInvariants} on every pass. Each tick, a random subset of the running
 * attempts (Jobs or Pods) and loop iterations ends, each with a random outcome (an attempt that has run
 * six ticks always ends, so every run can end); then the planner plans from the stored status and what
 * the cache shows, and the plan is carried out in the reconciler's order: launches, the status write,
 * then the deletes of attempts' objects the written status has no running attempt for (LeftoverAttempts:
 * kills, and attempts a lost write left unrecorded, but not those of steps not started yet, which they
 * adopt when they start), then child instances. Once the run has ended, one more
 * pass comes, as every instance's does when the operator starts again: it deletes what still runs and stops
 * iterations. Faults come at random too:
 * <ul>
 *   <li>a lost status write: the operator dies after some of the launches (any prefix) and before the
 *       status is written, so the next pass plans from the previous stored status again;</li>
 *   <li>a crash after the write, among the deletes or the child actions (any prefix);</li>
 *   <li>a stale cache: a pass sees the cluster as it was one pass earlier (what was created since is
 *       missing, what ended since still runs), only for passes within a few seconds of the last, as an
 *       informer lags;</li>
 *   <li>time moving by random amounts: not at all, a few seconds, a minute, or to the plan's wakeAt;</li>
 *   <li>the user suspending the run for a while, or stopping or killing it.</li>
 * </ul>
 * Creating what exists is a no-op, as with deterministic names; killing deletes the object.
 */
final class UnreliableRunSimulator {
    static final Instant START = Instant.parse("2026-11-24T00:00:00Z");
    /** An attempt or iteration ends at the latest after this many ticks. */
    private static final int LONGEST_RUN = 6;
    private static final double END_CHANCE = 0.25;
    private static final double LOST_WRITE_CHANCE = 0.12;
    private static final double STALE_CACHE_CHANCE = 0.15;

    private final Planner planner = new Planner(new Expressions());
    private final Definition definition;
    private final Random random;
    private final RunInvariants invariants;
    private final int stopAt;
    private final Controls.Stop stopHow;
    private final int suspendFrom;
    private final int suspendUntil;
    private final Map<String, Object> params;

    private Instant now = START;
    private int tick;
    private Map<String, StepState> stored = new LinkedHashMap<>();
    private InstancePhase storedPhase;
    /** Jobs and Pods that exist, by step then attempt, and how many ticks each has run. */
    private final Map<String, TreeMap<Integer, Attempt>> objects = new HashMap<>();
    private final Map<String, Integer> ticksRunning = new HashMap<>();
    /** Every attempt ever created, "step/attempt": one created again after it was deleted would run twice. */
    private final Set<String> created = new HashSet<>();
    /** Child instances (loop iterations) that exist, by loop step then index. */
    private final Map<String, TreeMap<Long, ChildPhase>> children = new HashMap<>();
    private final Set<String> childrenCreated = new HashSet<>();
    /** The cluster as the previous pass saw it, for a stale cache. */
    private Map<String, Map<Integer, Attempt>> previousObjects = Map.of();
    private Map<String, List<ChildObservation>> previousChildren = Map.of();
    private boolean staleNext;
    private int lostWrites;
    private int stalePasses;
    /** Attempts some stored status has recorded, "step/attempt". */
    private final Set<String> recorded = new HashSet<>();

    UnreliableRunSimulator(Definition definition, long seed) {
        this.definition = definition;
        this.random = new Random(seed);
        this.invariants = new RunInvariants(definition);
        this.params = Map.of("p", (long) random.nextInt(10));
        this.stopAt = random.nextInt(100) < 15 ? 1 + random.nextInt(30) : -1;
        this.stopHow = random.nextBoolean() ? Controls.Stop.Stop : Controls.Stop.Kill;
        this.suspendFrom = random.nextInt(100) < 15 ? random.nextInt(20) : -1;
        this.suspendUntil = suspendFrom + 1 + random.nextInt(10);
    }

    /** Ticks until the stored phase is terminal; fails when an invariant breaks or after {@code maxTicks}. */
    InstancePhase runToEnd(int maxTicks) {
        while (tick < maxTicks) {
            tick++;
            if (tick()) {
                // The ended instance's next reconcile (JOSDK's retry, or every instance's at a restart).
                deleteLeftovers(copyObjects(), Integer.MAX_VALUE);
                children.values().forEach(byIndex -> byIndex.replaceAll((i, phase) -> phase.finished() ? phase : ChildPhase.Stopped));
                invariants.afterEnd(storedPhase, stored, live(), liveIterations(), replan());
                return storedPhase;
            }
        }
        throw invariants.broken("the run did not end within " + maxTicks + " ticks although every attempt ends");
    }

    int ticks() {
        return tick;
    }

    int lostWrites() {
        return lostWrites;
    }

    int stalePasses() {
        return stalePasses;
    }

    /** One reconcile; true once the stored phase is terminal (the reconciler then plans no more). */
    private boolean tick() {
        clusterEvents();
        boolean stale = staleNext;
        Map<String, Map<Integer, Attempt>> fresh = copyObjects();
        Map<String, List<ChildObservation>> freshChildren = observeChildren();
        Map<String, Map<Integer, Attempt>> observed = stale ? previousObjects : fresh;
        RunState run = new RunState("run-1", "ns", START, params, stored, observed, controls(), -1, Map.of(),
                stale ? previousChildren : freshChildren, Map.of(), 0);
        previousObjects = fresh;
        previousChildren = freshChildren;
        Plan plan = invariants.plan(() -> planner.plan(definition, run, now), tick, now, stale);
        invariants.afterPlan(run, plan);
        boolean lost = random.nextDouble() < LOST_WRITE_CHANCE;
        launch(plan, lost ? random.nextInt(plan.launches().size() + 1) : Integer.MAX_VALUE);
        if (!lost) {
            Map<String, StepState> before = stored;
            StoredRun.Read read = StoredRun.afterWrite(definition, run, plan, now);
            stored = new LinkedHashMap<>(read.steps());
            storedPhase = plan.phase();
            stored.values().forEach(st -> st.attempts().forEach(a -> recorded.add(st.name() + "/" + a.number())));
            invariants.afterWrite(before, stored);
            boolean crash = random.nextDouble() < LOST_WRITE_CHANCE;
            int deleted = deleteLeftovers(observed, crash ? random.nextInt(3) : Integer.MAX_VALUE);
            actOnChildren(plan, crash ? Math.max(0, random.nextInt(plan.children().size() + 1) - deleted) : Integer.MAX_VALUE);
        }
        invariants.log(tick, now, stale, lost, plan);
        lostWrites += lost ? 1 : 0;
        stalePasses += stale ? 1 : 0;
        if (storedPhase != null && storedPhase.terminal()) {
            return true;
        }
        moveTime(plan);
        return false;
    }

    private Controls controls() {
        boolean suspended = tick >= suspendFrom && tick < suspendUntil;
        Controls c = new Controls(suspended, Controls.Stop.None, null, Set.of());
        return stopAt > 0 && tick >= stopAt ? new Controls(suspended, stopHow, null, Set.of()) : c;
    }

    /** Running attempts and iterations end at random, each with a random outcome. */
    private void clusterEvents() {
        objects.forEach((step, attempts) -> attempts.replaceAll((n, a) -> {
            if (a.ended()) {
                return a;
            }
            int ran = ticksRunning.merge(step + "/" + n, 1, Integer::sum);
            return ran >= LONGEST_RUN || random.nextDouble() < END_CHANCE ? ended(a) : a;
        }));
        children.forEach((step, byIndex) -> byIndex.replaceAll((i, phase) -> {
            if (phase.finished()) {
                return phase;
            }
            int ran = ticksRunning.merge(step + "#" + i, 1, Integer::sum);
            if (ran < LONGEST_RUN && random.nextDouble() >= END_CHANCE) {
                return phase;
            }
            return random.nextInt(100) < 80 ? ChildPhase.Succeeded : ChildPhase.Failed;
        }));
    }

    private Attempt ended(Attempt a) {
        int roll = random.nextInt(100);
        if (roll < 55) {
            return new Attempt(a.number(), AttemptOutcome.Succeeded, a.start(), now, 0, "Completed", null,
                    Map.of("n", (long) random.nextInt(10)));
        }
        if (roll < 75) {
            return new Attempt(a.number(), AttemptOutcome.UserError, a.start(), now, 1, "Error", null, null);
        }
        if (roll < 90) {
            return new Attempt(a.number(), AttemptOutcome.PlatformError, a.start(), now, null, "Evicted", "the node was drained", null);
        }
        return new Attempt(a.number(), AttemptOutcome.Timeout, a.start(), now, null, "DeadlineExceeded", null, null);
    }

    /** Launches, as the reconciler does before the status write; only the first {@code limit} when it dies. */
    private void launch(Plan plan, int limit) {
        int done = 0;
        for (Plan.Launch l : plan.launches()) {
            if (done++ >= limit) {
                return;
            }
            TreeMap<Integer, Attempt> attempts = objects.computeIfAbsent(l.step(), k -> new TreeMap<>());
            if (attempts.containsKey(l.attempt())) {
                continue; // the object exists: creating it again is a harmless conflict
            }
            invariants.creating(l, created, recorded, attempts);
            created.add(l.step() + "/" + l.attempt());
            attempts.put(l.attempt(), Attempt.launched(l.attempt(), now));
        }
    }

    /**
     * After the status write, as LeftoverAttempts: deletes every running object the cache shows whose attempt
     * the stored status does not have running; only the first {@code limit} when it dies. Returns how many.
     */
    private int deleteLeftovers(Map<String, Map<Integer, Attempt>> cache, int limit) {
        int done = 0;
        boolean ended = storedPhase != null && storedPhase.terminal();
        for (Map.Entry<String, Map<Integer, Attempt>> step : cache.entrySet()) {
            StepState state = stored.get(step.getKey());
            for (Attempt seen : step.getValue().values()) {
                boolean running = state != null && state.attempts().stream()
                        .anyMatch(a -> a.number() == seen.number() && !a.ended());
                // A step not started yet in a run that goes on will adopt the attempts of this run it finds.
                boolean notStarted = state == null || state.phase() == dev.baton.engine.model.StepPhase.Pending;
                boolean mayBeAdopted = !ended && notStarted && seen.number() >= (state == null ? 1 : state.firstAttempt());
                TreeMap<Integer, Attempt> objectsOfStep = objects.get(step.getKey());
                Attempt now = objectsOfStep == null ? null : objectsOfStep.get(seen.number());
                if (!seen.ended() && !running && !mayBeAdopted && now != null && !now.ended()) {
                    if (done++ >= limit) {
                        return done - 1;
                    }
                    objectsOfStep.remove(seen.number());
                }
            }
        }
        return done;
    }

    /** Child instances change after the status write, deletions first; only the first {@code limit} when it dies. */
    private void actOnChildren(Plan plan, int limit) {
        List<Plan.Child> ordered = new ArrayList<>(plan.children().stream().filter(c -> c.action() == Plan.Child.Action.Delete).toList());
        plan.children().stream().filter(c -> c.action() != Plan.Child.Action.Delete).forEach(ordered::add);
        for (int i = 0; i < ordered.size() && i < limit; i++) {
            Plan.Child c = ordered.get(i);
            TreeMap<Long, ChildPhase> byIndex = children.computeIfAbsent(c.step(), k -> new TreeMap<>());
            String key = c.step() + "/" + c.generation() + "/" + c.index();
            switch (c.action()) {
                case Create -> {
                    if (!byIndex.containsKey(c.index())) {
                        invariants.creatingChild(c, childrenCreated.contains(key));
                        childrenCreated.add(key);
                        byIndex.put(c.index(), ChildPhase.Running);
                    }
                }
                case Delete -> byIndex.remove(c.index());
                case Stop -> byIndex.computeIfPresent(c.index(), (k, v) -> v.finished() ? v : ChildPhase.Stopped);
            }
        }
    }

    /** Time stands still, moves a few seconds or a minute, or jumps to the plan's wakeAt; a stale cache follows only short steps. */
    private void moveTime(Plan plan) {
        int roll = random.nextInt(100);
        long seconds;
        if (roll < 20) {
            seconds = 0;
        } else if (roll < 55) {
            seconds = 1 + random.nextInt(5);
        } else if (roll < 75 || plan.wakeAt() == null || !plan.wakeAt().isAfter(now)) {
            seconds = 6 + random.nextInt(55);
        } else {
            seconds = Duration.between(now, plan.wakeAt()).toSeconds() + 1;
        }
        now = now.plusSeconds(seconds);
        // A cache lagging past LeafAttempts.VANISH_GRACE would count a running attempt as deleted: the
        // reconciler asks the API server first (MissingAttempts), which this simulator does not model.
        staleNext = seconds <= 5 && random.nextDouble() < STALE_CACHE_CHANCE;
    }

    /** The final stored state planned once more, with the cluster as it is, at the time of the last pass. */
    private Plan replan() {
        RunState run = new RunState("run-1", "ns", START, params, stored, copyObjects(), controls(), -1, Map.of(),
                observeChildren(), Map.of(), 0);
        return invariants.plan(() -> planner.plan(definition, run, now), tick, now, false);
    }

    /** Attempts still running in the cluster, "step/attempt". */
    private List<String> live() {
        List<String> out = new ArrayList<>();
        objects.forEach((step, attempts) -> attempts.forEach((n, a) -> {
            if (!a.ended()) {
                out.add(step + "/" + n);
            }
        }));
        return out;
    }

    /** Loop iterations still running in the cluster, "step#index". */
    private List<String> liveIterations() {
        List<String> out = new ArrayList<>();
        children.forEach((step, byIndex) -> byIndex.forEach((i, phase) -> {
            if (!phase.finished()) {
                out.add(step + "#" + i);
            }
        }));
        return out;
    }

    private Map<String, Map<Integer, Attempt>> copyObjects() {
        Map<String, Map<Integer, Attempt>> out = new HashMap<>();
        objects.forEach((k, v) -> out.put(k, new HashMap<>(v)));
        return out;
    }

    private Map<String, List<ChildObservation>> observeChildren() {
        Map<String, List<ChildObservation>> out = new HashMap<>();
        children.forEach((step, byIndex) -> byIndex.forEach((i, phase) ->
                out.computeIfAbsent(step, k -> new ArrayList<>()).add(new ChildObservation(i, phase))));
        return out;
    }
}
