package dev.baton.reconciler;

import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.Attempt;
import dev.baton.engine.RunQueue;
import dev.baton.engine.RunState;
import dev.baton.engine.model.InstancePhase;
import dev.baton.executor.AttemptReader;
import dev.baton.executor.JobPodRefusals;
import dev.baton.executor.Ownership;
import dev.baton.executor.ResourceStepObjects;
import dev.baton.http.HttpCalls;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads everything a reconcile decides from: the instance, its pinned definition, the run strategy's
 * verdict, its Jobs, Pods and child instances, the step budgets, the signals its steps wait for. Never writes.
 */
@ApplicationScoped
public class InstanceObserver {
    private final InstanceSetup setups;
    private final RunStrategyGate gate;
    private final StepBudget budget;
    private final KubernetesClient client;
    private final JobPodRefusals podRefusals;
    private final WaitingSteps waiting;
    private final PermitCache permits;
    private final HttpCalls httpCalls;

    private final ResourceStepObjects resources;

    public InstanceObserver(InstanceSetup setups, RunStrategyGate gate, StepBudget budget, KubernetesClient client,
                            WaitingSteps waiting, ResourceStepObjects resources, PermitCache permits, HttpCalls httpCalls) {
        this.resources = resources;
        this.permits = permits;
        this.httpCalls = httpCalls;
        this.waiting = waiting;
        this.setups = setups;
        this.gate = gate;
        this.budget = budget;
        this.client = client;
        this.podRefusals = new JobPodRefusals(client);
    }

    /** Where the instance is in its life and what it runs. */
    Observation setup(WorkflowInstance instance, InstanceContext context, Instant now) {
        WorkflowInstanceStatus old = instance.getStatus();
        // Read in every stage: an ended or invalid instance's leftover Jobs and Pods are deleted too.
        Ownership owned = Ownership.of(instance, context.jobs(), context.pods());
        if (old != null && old.phase != null && old.phase.terminal()) {
            var restart = instance.getSpec() == null ? null : instance.getSpec().restart;
            boolean requested = restart != null && restart.nonce != null && !restart.nonce.equals(old.restartNonce);
            if (requested) {
                return Observation.of(instance, now, Observation.Stage.Restart, setups.resolve(instance, w -> workflow(instance, w, context)), owned);
            }
            // An ended instance that still owns Jobs or Pods reads its definition: its podGC may let them go.
            boolean owns = !owned.jobs().isEmpty() || !owned.pods().isEmpty()
                    || InstanceNotifier.mayOwe(old, now); // its notify entries may be owed an ended or failed message
            return StepActions.pending(instance).isEmpty() ? Observation.of(instance, now, Observation.Stage.Ended,
                    owns ? setups.resolve(instance, w -> workflow(instance, w, context)) : null, owned)
                    : Observation.of(instance, now, Observation.Stage.ActionsOnEnded, setups.resolve(instance, w -> workflow(instance, w, context)), owned);
        }
        InstanceSetup.Setup setup = setups.resolve(instance, w -> workflow(instance, w, context));
        if (!setup.valid()) {
            return Observation.of(instance, now, Observation.Stage.Invalid, setup, owned);
        }
        return new Observation(instance, now, Observation.Stage.Live, setup, InstanceSetup.treeLimit(instance, setup),
                null, null, null, false, JobPodRefusals.Found.NONE, owned);
    }

    /** For a live instance: the run strategy's verdict and, when it may run, the run as the cluster shows it. */
    Observation observe(Observation seen, InstanceContext context) {
        if (seen.stage() != Observation.Stage.Live) {
            return seen;
        }
        WorkflowInstance instance = seen.instance();
        InstanceSetup.Setup s = seen.setup();
        RunQueue.Decision decision = gate.decide(instance, s.definition());
        if (decision.kind() == RunQueue.Decision.Kind.Wait) {
            return new Observation(instance, seen.now(), seen.stage(), s, seen.treeLimit(), decision, null, null, false,
                    JobPodRefusals.Found.NONE, seen.owned());
        }
        WorkflowInstanceStatus old = instance.getStatus();
        boolean starting = old == null || old.phase == null || old.phase == InstancePhase.Pending || old.phase == InstancePhase.Queued;
        Instant startTime = starting || old.startTime == null ? IterationInstances.start(instance, seen.now()) : StatusCodec.time(old.startTime);
        Ownership owned = withMissing(seen.owned(), instance, context, seen.now());
        Map<String, Map<Integer, Attempt>> observed = AttemptReader.read(owned.jobs(), owned.pods(), seen.now());
        JobPodRefusals.Found refusals = podRefusals.find(instance.getMetadata().getNamespace(), owned.jobs(), owned.pods(), seen.now());
        JobPodRefusals.end(observed, owned.jobs(), refusals, seen.now());
        var controls = StatusCodec.controls(instance);
        if (decision.kind() == RunQueue.Decision.Kind.Stop) {
            controls = controls.stopped(decision.reason());
        }
        RunState run = StatusCodec.read(instance, s.params(), startTime, observed,
                budget.launchBudget(s.definition(), seen.treeLimit(), instance),
                context.children()).withControls(controls).withSignals(waiting.source(instance.getMetadata().getNamespace()))
                .withResources(ResourceStepObjects.observe(instance,
                        MissingResources.confirm(resources, instance, s.definition(), context.resources(), seen.now()), seen.now()))
                .withPermits(permits.view(instance))
                .withHttp(httpCalls.of(instance.getMetadata().getUid()));
        return new Observation(instance, seen.now(), seen.stage(), s, seen.treeLimit(), decision, run, startTime, starting,
                refusals, owned);
    }

    /** The instance's Jobs and Pods, with those of overdue attempts the cache lacks asked of the API server. */
    private Ownership withMissing(Ownership owned, WorkflowInstance instance, InstanceContext context, Instant now) {
        MissingAttempts.Found found = MissingAttempts.confirm(client, instance, context.jobs(), context.pods(), now);
        if (found == MissingAttempts.Found.NONE) {
            return owned;
        }
        List<Job> jobs = new ArrayList<>(context.jobs());
        jobs.addAll(found.jobs());
        List<Pod> pods = new ArrayList<>(context.pods());
        pods.addAll(found.pods());
        return Ownership.of(instance, jobs, pods);
    }

    /**
     * The named Workflow of the instance's namespace from the operator's cache; on a miss (a Workflow
     * applied together with its instance may reach the cache a moment later) one GET, so a new instance
     * never fails for a Workflow that exists.
     */
    private Workflow workflow(WorkflowInstance instance, String name, InstanceContext context) {
        String ns = instance.getMetadata().getNamespace();
        return context.workflow(name).orElseGet(() -> client.resources(Workflow.class).inNamespace(ns).withName(name).get());
    }
}
