package dev.baton.reconciler;

import dev.baton.api.Initiator;
import dev.baton.api.Signal;
import dev.baton.api.TriggerStatus;
import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceSpec;
import dev.baton.api.WorkflowStatus;
import dev.baton.engine.Expressions;
import dev.baton.engine.Json;
import dev.baton.engine.TriggerCompiler;
import dev.baton.engine.model.EventReason;
import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.triggers.SignalJoin;
import dev.baton.engine.triggers.SignalTrigger;
import dev.baton.engine.triggers.TimeTrigger;
import dev.baton.engine.triggers.TriggerPlanner;
import dev.baton.engine.triggers.Triggers;
import dev.baton.executor.ChildNames;
import dev.baton.executor.Deletes;
import dev.baton.executor.Labels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a valid Workflow's time triggers: observes (the stored trigger state, the instances its triggers
 * started, the clock), plans with {@link TriggerPlanner}, acts (creates each fire's instance under a name
 * made of the workflow, the trigger and the scheduled time, deletes ended instances past the history
 * limits), and gives back the trigger status and when to come back. Exactly once per fire: the name is
 * the fire's, so a second create (a crash before the status write, two operators racing) is a 409.
 */
@ApplicationScoped
public class WorkflowTriggers {
    /**
     * How soon the history is looked at again while a triggered instance runs (an instance's end does not
     * wake its Workflow): ended runs past the limits go within this long, as with Argo's cron sync.
     */
    static final Duration HISTORY_LOOK = Duration.ofSeconds(10);
    private final KubernetesClient client;
    private final InstanceIndex index;
    private final Expressions expressions;
    private final TriggerCompiler compiler;
    private final EventRecorder events;
    private final SignalIndex signals;

    public WorkflowTriggers(KubernetesClient client, InstanceIndex index, Expressions expressions, EventRecorder events,
                            SignalIndex signals) {
        this.client = client;
        this.index = index;
        this.expressions = expressions;
        this.compiler = new TriggerCompiler(expressions);
        this.events = events;
        this.signals = signals;
    }

    /** The triggers' status, and when the next fire is due (null: nothing to come back for). */
    public record Outcome(List<TriggerStatus> triggers, String nextRun, String backfill, Instant wakeAt) {
    }

    public Outcome run(Workflow workflow, WorkflowStatus old, Instant now) {
        Map<String, Object> tree = Json.tree(workflow.getSpec());
        List<FieldError> errors = new ArrayList<>();
        Triggers triggers = compiler.compile(tree, workflow.getSpec().params.keySet(), errors);
        if (!errors.isEmpty() || (triggers.time().isEmpty() && triggers.signal().isEmpty() && old.triggers == null)) {
            return new Outcome(null, null, old.backfill, null);
        }
        String ns = workflow.getMetadata().getNamespace();
        String name = workflow.getMetadata().getName();
        List<WorkflowInstance> started = index.ofWorkflow(ns, name).stream()
                .filter(i -> labels(i).containsKey(Labels.TRIGGER)).toList();
        boolean suspended = Boolean.TRUE.equals(workflow.getSpec().suspend);
        List<TriggerStatus> statuses = new ArrayList<>();
        Instant wakeAt = null;
        Instant nextRun = null;
        for (TimeTrigger t : triggers.time()) {
            TriggerStatus before = before(old, t.name());
            TriggerStatus s = carried(workflow, t.name(), before, now);
            Instant last = latest(time(before == null ? null : before.lastScheduleTime), lastStarted(started, t.name(), Labels.SCHEDULED_TIME));
            s.lastScheduleTime = last == null ? null : last.toString();
            if (suspended) {
                s.message = "the workflow is suspended";
                statuses.add(s);
                continue;
            }
            TriggerPlanner.Decision d = TriggerPlanner.plan(t, ns + "/" + name + "/" + t.name(), last, time(s.since), now);
            for (Instant at : d.fire()) {
                s.lastInstance = start(workflow, t, at);
            }
            s.lastScheduleTime = d.considered() == null ? null : d.considered().toString();
            s.nextScheduleTime = d.next() == null ? null : d.next().toString();
            if (d.skipped() > 0) {
                s.message = "missed fires let go by catchUp " + t.catchUp().policy() + " (latest at " + d.considered() + ")";
            }
            wakeAt = earliest(wakeAt, d.wakeAt());
            nextRun = earliest(nextRun, d.next());
            statuses.add(s);
        }
        for (SignalTrigger t : triggers.signal()) {
            statuses.add(fireSignals(workflow, t, old, started, suspended, now));
        }
        String backfill = backfill(workflow, triggers, old.backfill);
        prune(started, triggers.history());
        if (!started.stream().allMatch(WorkflowTriggers::ended)) {
            // An instance still running counts against the history once it ends, which wakes nothing here.
            wakeAt = earliest(wakeAt, now.plus(HISTORY_LOOK));
        }
        return new Outcome(statuses.isEmpty() ? null : statuses, nextRun == null ? null : nextRun.toString(), backfill, wakeAt);
    }

    /**
     * Starts an instance for each complete set of signals that came since the trigger was first seen and is
     * not older than the newest set already started (its newest signal's creation, kept in status and on the
     * instances, so a set whose instance the history limit deleted is not started again).
     */
    private TriggerStatus fireSignals(Workflow workflow, SignalTrigger t, WorkflowStatus old, List<WorkflowInstance> started,
                                      boolean suspended, Instant now) {
        TriggerStatus before = before(old, t.name());
        TriggerStatus s = carried(workflow, t.name(), before, now);
        Instant watermark = latest(time(before == null ? null : before.lastSignalTime), lastStarted(started, t.name(), Labels.SIGNAL_TIME));
        s.lastSignalTime = watermark == null ? null : watermark.toString();
        if (suspended) {
            s.message = "the workflow is suspended";
            return s;
        }
        String ns = workflow.getMetadata().getNamespace();
        List<SignalJoin.Signal> candidates = new ArrayList<>();
        Map<String, String> objectNames = new LinkedHashMap<>();
        for (String name : t.names()) {
            for (Signal signal : signals.named(ns, name)) {
                candidates.add(new SignalJoin.Signal(name, signal.getMetadata().getUid(),
                        Instant.parse(signal.getMetadata().getCreationTimestamp()),
                        signal.getSpec().params == null ? Map.of() : signal.getSpec().params));
                objectNames.put(signal.getMetadata().getUid(), signal.getMetadata().getName());
            }
        }
        for (SignalJoin.Set set : SignalJoin.complete(t.wanted(), t.joinOn(), candidates, time(s.since), expressions::condition)) {
            Instant newest = set.signals().values().stream().map(SignalJoin.Signal::created).max(Instant::compareTo).orElseThrow();
            if (watermark != null && newest.isBefore(watermark)) {
                continue;
            }
            String name = ChildNames.fire(workflow.getMetadata().getName(), t.name(), set.id());
            String which = set.signals().entrySet().stream().map(e -> e.getKey() + "=" + objectNames.get(e.getValue().uid()))
                    .sorted().reduce((a, b) -> a + "," + b).orElse("");
            create(workflow, t.name(), name, Map.of(Labels.SIGNALS, which, Labels.SIGNAL_TIME, newest.toString()),
                    signalParams(workflow, t, set));
            s.lastInstance = name;
            watermark = latest(watermark, newest);
        }
        s.lastSignalTime = watermark == null ? null : watermark.toString();
        return s;
    }

    private Map<String, Object> signalParams(Workflow workflow, SignalTrigger t, SignalJoin.Set set) {
        Map<String, Object> byName = new LinkedHashMap<>();
        set.signals().forEach((name, sig) -> byName.put(name, Map.of("name", name, "params", sig.params())));
        Map<String, Object> vars = Map.of(TriggerCompiler.SIGNAL, byName.get(t.names().get(0)), TriggerCompiler.SIGNALS, byName);
        return compiler.params(t.field(), t.params(), vars, invalidParams(workflow));
    }

    /** The trigger's status as the Workflow's status holds it, or null. */
    private static TriggerStatus before(WorkflowStatus old, String trigger) {
        return old.triggers == null ? null : old.triggers.stream().filter(s -> trigger.equals(s.name)).findFirst().orElse(null);
    }

    /** A trigger's new status, with what carries over from the old one: since when it counts, its last instance. */
    private static TriggerStatus carried(Workflow workflow, String trigger, TriggerStatus before, Instant now) {
        TriggerStatus s = new TriggerStatus();
        s.name = trigger;
        s.since = before != null && before.since != null ? before.since : firstSeen(workflow, now);
        s.lastInstance = before == null ? null : before.lastInstance;
        return s;
    }

    /**
     * Since when a trigger the status does not know yet counts: a new Workflow's triggers from its
     * creation (signals applied with it, a fire in the moment before its first reconcile), a trigger added
     * to an edited one from now, to the second (creation times are stored to the second).
     */
    private static String firstSeen(Workflow workflow, Instant now) {
        Long generation = workflow.getMetadata().getGeneration();
        String created = workflow.getMetadata().getCreationTimestamp();
        if ((generation == null || generation == 1L) && created != null) {
            return created;
        }
        return now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    /** Starts a backfill's fires once: the status keeps which range it carried out. */
    private String backfill(Workflow workflow, Triggers triggers, String done) {
        Triggers.Backfill b = triggers.backfill();
        if (b == null) {
            return done;
        }
        String range = b.trigger() + " " + b.from() + " to " + b.to();
        if (done != null && done.startsWith(range + ":")) {
            return done;
        }
        TimeTrigger t = triggers.named(b.trigger());
        int created = 0;
        for (Instant at : b.fires()) {
            created += create(workflow, t, at) ? 1 : 0;
        }
        return range + ": " + b.fires().size() + " fires, " + created + " started, " + (b.fires().size() - created) + " had run already";
    }

    /** Creates the fire's instance; returns its name. */
    private String start(Workflow workflow, TimeTrigger t, Instant at) {
        create(workflow, t, at);
        return ChildNames.fire(workflow.getMetadata().getName(), t.name(), at);
    }

    /** Creates a time trigger's fire's instance; false when it exists already (this fire was started before). */
    private boolean create(Workflow workflow, TimeTrigger t, Instant at) {
        return create(workflow, t.name(), ChildNames.fire(workflow.getMetadata().getName(), t.name(), at),
                Map.of(Labels.SCHEDULED_TIME, at.toString()), params(workflow, t, at));
    }

    /** Creates a triggered instance; false when it exists already. */
    private boolean create(Workflow workflow, String trigger, String name, Map<String, String> annotations, Map<String, Object> params) {
        WorkflowInstance instance = new WorkflowInstance();
        instance.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(workflow.getMetadata().getNamespace())
                .addToLabels(Labels.MANAGED_BY, Labels.MANAGER)
                .addToLabels(Labels.TRIGGER, trigger)
                .addToAnnotations(annotations)
                .build());
        instance.setSpec(new WorkflowInstanceSpec());
        instance.getSpec().workflowRef = new WorkflowInstanceSpec.WorkflowRef();
        instance.getSpec().workflowRef.name = workflow.getMetadata().getName();
        instance.getSpec().params = params;
        try {
            client.resources(WorkflowInstance.class).resource(instance).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    /** Reports a param that could not be evaluated in an Event on the Workflow. */
    private java.util.function.BiConsumer<String, String> invalidParams(Workflow workflow) {
        return (field, problem) -> events.record(workflow, EventReason.InvalidParams, field + ": " + problem);
    }

    /** The trigger's params with ${trigger.*} evaluated; one that fails is left out, and said so in an Event on the Workflow. */
    private Map<String, Object> params(Workflow workflow, TimeTrigger t, Instant at) {
        return compiler.fireParams(t, at, invalidParams(workflow));
    }

    /** Deletes the ended instances past the history limits, newest kept. */
    private void prune(List<WorkflowInstance> started, Triggers.History history) {
        List<WorkflowInstance> ended = started.stream()
                .filter(WorkflowTriggers::ended)
                .sorted(Comparator.comparing((WorkflowInstance i) -> String.valueOf(i.getMetadata().getCreationTimestamp()))
                        .thenComparing(i -> i.getMetadata().getName()).reversed())
                .toList();
        int succeeded = 0;
        int failed = 0;
        for (WorkflowInstance i : ended) {
            boolean ok = i.getStatus().phase == InstancePhase.Succeeded;
            int kept = ok ? ++succeeded : ++failed;
            if (kept > (ok ? history.succeeded() : history.failed())) {
                Deletes.delete(client, "/apis/" + i.getApiVersion() + "/namespaces/" + i.getMetadata().getNamespace()
                        + "/workflowinstances/" + i.getMetadata().getName(), i.getMetadata().getUid(), "Background", null);
            }
        }
    }

    private static boolean ended(WorkflowInstance i) {
        return i.getStatus() != null && i.getStatus().phase != null && i.getStatus().phase.terminal();
    }

    /** The latest time in {@code annotation} among the instances this trigger started. */
    private static Instant lastStarted(List<WorkflowInstance> started, String trigger, String annotation) {
        Instant last = null;
        for (WorkflowInstance i : started) {
            if (trigger.equals(labels(i).get(Labels.TRIGGER))) {
                last = latest(last, time(i.getMetadata().getAnnotations() == null ? null
                        : i.getMetadata().getAnnotations().get(annotation)));
            }
        }
        return last;
    }

    /** Who started an instance, from what Baton put on it: a parent, a time trigger, or a person. */
    static Initiator initiator(WorkflowInstance i) {
        Initiator out = new Initiator();
        Map<String, String> labels = labels(i);
        if (InstanceTree.isChild(i)) {
            out.type = Initiator.Type.Parent;
            out.parent = labels.get(Labels.PARENT);
        } else if (labels.containsKey(Labels.TRIGGER) && annotations(i).containsKey(Labels.SIGNALS)) {
            out.type = Initiator.Type.Signal;
            out.trigger = labels.get(Labels.TRIGGER);
            out.signals = annotations(i).get(Labels.SIGNALS);
        } else if (labels.containsKey(Labels.TRIGGER)) {
            out.type = Initiator.Type.Cron;
            out.trigger = labels.get(Labels.TRIGGER);
            out.scheduledTime = i.getMetadata().getAnnotations() == null ? null : i.getMetadata().getAnnotations().get(Labels.SCHEDULED_TIME);
        } else {
            out.type = Initiator.Type.Manual;
        }
        return out;
    }

    private static Map<String, String> annotations(WorkflowInstance i) {
        return i.getMetadata().getAnnotations() == null ? Map.of() : i.getMetadata().getAnnotations();
    }

    private static Map<String, String> labels(WorkflowInstance i) {
        return i.getMetadata().getLabels() == null ? Map.of() : i.getMetadata().getLabels();
    }

    private static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null; // not Baton's writing: as if absent
        }
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }
}
