package dev.baton.reconciler;

import dev.baton.api.AttemptStatus;
import dev.baton.api.EarlierAttempts;
import dev.baton.api.ForeachStatus;
import dev.baton.api.StepSignalStatus;
import dev.baton.api.StepStatus;
import dev.baton.api.WhileStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.ArrivedSignal;
import dev.baton.engine.Attempt;
import dev.baton.engine.Controls;
import dev.baton.engine.FoldedAttempts;
import dev.baton.engine.RunState;
import dev.baton.engine.StepState;
import dev.baton.engine.WhileState;
import dev.baton.engine.loops.ForeachState;
import dev.baton.engine.loops.NestedCounts;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Translates between an instance's status and the engine's view of the run, both ways. */
final class StatusCodec {
    private StatusCodec() {
    }

    /** The run: remembered step states, observed attempts and observed child instances of its loop steps. */
    static RunState read(WorkflowInstance instance, Map<String, Object> params, Instant startTime,
                         Map<String, Map<Integer, Attempt>> observed, int launchBudget,
                         java.util.Collection<WorkflowInstance> children) {
        Map<String, StepState> steps = steps(instance.getStatus());
        Map<String, Integer> generations = new java.util.HashMap<>();
        steps.values().forEach(st -> generations.put(st.name(), st.firstAttempt()));
        // Loop variables are Baton's to give, to its iterations: on a user's instance they would be untyped params.
        Map<String, Object> loop = instance.getSpec() == null || instance.getSpec().loopParams == null
                || !InstanceTree.isChild(instance) ? Map.of() : instance.getSpec().loopParams;
        // Only the children this instance controls count: a look-alike with forged labels is not its iteration.
        children = children.stream().filter(c -> InstanceTree.ownedBy(c, instance)).toList();
        return new RunState(instance.getMetadata().getName(), instance.getMetadata().getNamespace(), startTime,
                params, steps, observed, controls(instance), launchBudget, loop,
                ChildInstances.observe(children, generations), ChildInstances.bodyValues(children, generations),
                InstanceTree.subworkflowDepth(instance));
    }

    /** The step states remembered in an instance's status, by name. */
    static Map<String, StepState> steps(WorkflowInstanceStatus status) {
        Map<String, StepState> steps = new LinkedHashMap<>();
        if (status != null && status.steps != null) {
            for (StepStatus s : status.steps) {
                steps.put(s.name, toState(s));
            }
        }
        return steps;
    }

    /** The user's requests in the instance spec, as the engine reads them. */
    static Controls controls(WorkflowInstance instance) {
        var spec = instance.getSpec();
        if (spec == null) {
            return Controls.NONE;
        }
        Controls.Stop stop = "Stop".equals(spec.stop) ? Controls.Stop.Stop
                : "Kill".equals(spec.stop) ? Controls.Stop.Kill : Controls.Stop.None;
        return new Controls(Boolean.TRUE.equals(spec.suspend), stop, null,
                spec.resumeSteps == null ? java.util.Set.of() : java.util.Set.copyOf(spec.resumeSteps),
                StepActions.pending(instance), StepActions.noRetry(instance.getStatus()),
                spec.breakpoints == null ? java.util.Set.of() : java.util.Set.copyOf(spec.breakpoints));
    }

    private static StepState toState(StepStatus s) {
        List<Attempt> attempts = new ArrayList<>();
        for (AttemptStatus a : s.attempts == null ? List.<AttemptStatus>of() : s.attempts) {
            attempts.add(new Attempt(a.number, a.outcome, time(a.startTime), time(a.completionTime), a.exitCode,
                    a.reason, a.message, a.outcome == AttemptOutcome.Succeeded ? s.outputs : null, null, time(a.admissionTime)));
        }
        return new StepState(s.name, s.phase, s.params, s.outputs, attempts, time(s.startTime), time(s.completionTime),
                time(s.nextAttemptAfter), s.message, s.firstAttempt == null ? 1 : s.firstAttempt, loop(s.foreach),
                s.whileLoop == null ? null : new WhileState(n(s.whileLoop.iteration), s.whileLoop.params == null ? Map.of() : s.whileLoop.params,
                        new NestedCounts(s.whileLoop.foldedLeaves)), folded(s.earlierAttempts), matched(s.signals));
    }

    /** The signals that matched a step's waits, as status remembers them. */
    private static Map<String, ArrivedSignal> matched(List<StepSignalStatus> signals) {
        Map<String, ArrivedSignal> out = new java.util.LinkedHashMap<>();
        for (StepSignalStatus s : signals == null ? List.<StepSignalStatus>of() : signals) {
            if (s != null && s.name != null && s.signal != null) {
                out.put(s.name, new ArrivedSignal(s.signal, null, time(s.created), s.params));
            }
        }
        return out;
    }

    /**
     * Each signal a step waits for, with the one that matched: written once the step is ready (it waits,
     * or matched), so a new Signal can wake the instances that wait for its name.
     */
    static List<StepSignalStatus> signals(Step step, StepState state) {
        if (step == null || step.signals().waits().isEmpty()
                || (state.signals().isEmpty() && state.phase() != StepPhase.WaitingForSignal)) {
            return null;
        }
        List<StepSignalStatus> out = new ArrayList<>();
        for (var wait : step.signals().waits()) {
            StepSignalStatus st = new StepSignalStatus();
            st.name = wait.name();
            ArrivedSignal s = state.signals().get(wait.name());
            if (s != null) {
                st.signal = s.object();
                st.created = text(s.created());
                st.params = s.params().isEmpty() ? null : s.params();
            }
            out.add(st);
        }
        return out;
    }

    /** Counts as status holds them; a count or an outcome that is not Baton's is left out, never thrown on. */
    private static FoldedAttempts folded(EarlierAttempts earlier) {
        if (earlier == null || earlier.through == null || earlier.outcomes == null) {
            return FoldedAttempts.NONE;
        }
        Map<AttemptOutcome, Integer> outcomes = new java.util.EnumMap<>(AttemptOutcome.class);
        earlier.outcomes.forEach((name, n) -> {
            AttemptOutcome outcome = java.util.Arrays.stream(AttemptOutcome.values())
                    .filter(o -> o.name().equals(name)).findFirst().orElse(null);
            if (outcome != null && n != null && n > 0) {
                outcomes.put(outcome, n);
            }
        });
        return new FoldedAttempts(earlier.through, outcomes);
    }

    private static EarlierAttempts earlier(FoldedAttempts folded) {
        if (folded.outcomes().isEmpty()) {
            return null;
        }
        EarlierAttempts out = new EarlierAttempts();
        out.through = folded.through();
        out.outcomes = new java.util.TreeMap<>();
        folded.outcomes().forEach((outcome, n) -> out.outcomes.put(outcome.name(), n));
        return out;
    }

    private static ForeachState loop(ForeachStatus f) {
        if (f == null) {
            return null;
        }
        return new ForeachState(n(f.total), n(f.nextIndex), new java.util.TreeSet<>(f.unfinished == null ? java.util.List.of() : f.unfinished),
                n(f.succeeded), n(f.failed), n(f.skipped), n(f.stopped), new NestedCounts(f.foldedLeaves));
    }

    private static long n(Long v) {
        return v == null ? 0 : v;
    }

    private static ForeachStatus loopStatus(ForeachState l) {
        if (l == null) {
            return null;
        }
        ForeachStatus f = new ForeachStatus();
        f.total = l.total();
        f.nextIndex = l.nextIndex();
        f.unfinished = new java.util.ArrayList<>(l.unfinished());
        f.succeeded = l.succeeded();
        f.failed = l.failed();
        f.skipped = l.skipped();
        f.stopped = l.stopped();
        f.running = l.running();
        f.foldedLeaves = counts(l.foldedLeaves());
        return f;
    }

    /** Counts as status holds them; none is left out (null). */
    static Map<String, Long> counts(NestedCounts counts) {
        return counts == null || counts.byPhase().isEmpty() ? null : new java.util.TreeMap<>(counts.byPhase());
    }

    static StepStatus toStatus(StepState s, String instanceName, boolean jobs) {
        StepStatus out = new StepStatus();
        out.name = s.name();
        out.phase = s.phase();
        out.params = s.params() == null || s.params().isEmpty() ? null : s.params();
        out.outputs = s.outputs() == null || s.outputs().isEmpty() ? null : s.outputs();
        out.startTime = text(s.start());
        out.completionTime = text(s.end());
        out.nextAttemptAfter = text(s.nextAttemptAfter());
        out.message = bounded(s.message());
        out.firstAttempt = s.firstAttempt() > 1 ? s.firstAttempt() : null;
        out.foreach = loopStatus(s.loop());
        out.earlierAttempts = earlier(s.folded());
        if (s.whileState() != null) {
            out.whileLoop = new WhileStatus();
            out.whileLoop.iteration = s.whileState().iteration();
            out.whileLoop.params = s.whileState().params();
            out.whileLoop.foldedLeaves = counts(s.whileState().foldedLeaves());
        }
        for (Attempt a : s.attempts()) {
            AttemptStatus as = new AttemptStatus();
            as.number = a.number();
            String object = dev.baton.executor.ChildNames.attempt(instanceName, s.name(), a.number());
            if (jobs) {
                as.job = object;
            } else {
                as.pod = object;
            }
            as.outcome = a.outcome();
            as.startTime = text(a.start());
            as.admissionTime = text(a.admitted());
            as.completionTime = text(a.end());
            as.exitCode = a.exitCode();
            as.reason = a.reason();
            as.message = bounded(a.message());
            out.attempts.add(as);
        }
        return out;
    }

    /** A resource step's attempts name their object ("JobSet/name"), which is neither a Job nor a Pod. */
    static void nameObjects(StepStatus status, Step step) {
        if (step == null || step.kind() != dev.baton.engine.model.StepKind.resource) {
            return;
        }
        for (AttemptStatus a : status.attempts) {
            a.resource = step.resource().kind() + "/" + (a.job != null ? a.job : a.pod);
            a.job = null;
            a.pod = null;
        }
    }

    /**
     * Longest message stored for a step or an attempt: they carry what containers and users wrote (a
     * termination message may be 4 KiB), and a status must stay far below etcd's object limit.
     */
    static final int MAX_MESSAGE = 1_000;

    static String bounded(String message) {
        return message == null || message.length() <= MAX_MESSAGE ? message
                : message.substring(0, MAX_MESSAGE - 3) + "...";
    }

    static Instant time(String t) {
        return t == null ? null : Instant.parse(t);
    }

    static String text(Instant t) {
        return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
