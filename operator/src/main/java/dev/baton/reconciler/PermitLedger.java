package dev.baton.reconciler;

import dev.baton.api.ConcurrencyLimit;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.Json;
import dev.baton.engine.Plan;
import dev.baton.engine.PermitQueue;
import dev.baton.engine.PermitView;
import dev.baton.engine.model.StepPhase;
import dev.baton.executor.ChildNames;
import dev.baton.executor.Deletes;
import dev.baton.executor.Labels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import dev.baton.api.Permit;
import dev.baton.api.PermitSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Grants and releases permits of shared concurrency limits, arbitrated by the API server, never by a cache.
 *
 * <p><b>The design.</b> Each held permit is a Permit object in the holder's namespace, named after the holder
 * ({@code <limit>-<hash of instance uid and holder>}, see {@link ChildNames#permit}), labelled with its limit
 * and instance and owned by the instance, so deleting the instance frees it (Kubernetes' garbage
 * collector). Grants of one limit are serialized by an optimistic-concurrency write of its
 * ConcurrencyLimit: to grant, a pass (1) GETs the ConcurrencyLimit (its limit and resourceVersion), (2)
 * LISTs the limit's Permits from the API server, (3) checks that fewer than {@code limit} others exist and
 * that the holder is first in the queue ({@link PermitQueue}: priority, then waiting time), (4) creates
 * its Permit (creating what exists is success: a crashed pass's), (5) writes {@code status.granted + 1}
 * with the resourceVersion of (1) as a precondition, and only when that write succeeds (6) confirms the Permit by setting
 * {@code spec.grantedAt}. A holder starts only on a confirmed Permit.
 *
 * <p><b>Why it never grants one too many.</b> A write in (5) succeeds only if no other grant's (5) came
 * between its (1) and itself; every such earlier grant created its Permit before its (5), hence before this
 * pass's (1) and (2), so (2) counted it. A later grant's (1) comes after this (5) (or its own (5) fails),
 * so its (2) counts this Permit. Permits that are not confirmed count too (a pass that lost the race in (5)
 * deletes its own, a crashed one is confirmed or deleted by its holder's next pass), so they can only
 * delay a grant, never add one. A stale cache, two operators for a moment, or a kill -9 between any two
 * steps cannot break this: nothing here reads a cache to count. Lowering the limit stops grants until
 * fewer hold it (holders are never preempted); raising it wakes the waiters through the
 * ConcurrencyLimit's watch. Option rejected: the ConcurrencyLimit's status as the ledger of holders,
 * which would grow with the limit; here the status only counts.
 *
 * <p>The caches only spare the API server: a holder whose limit the cache shows full, with others ahead,
 * asks nothing (a thousand waiters woken by one release do not each list the Permits); a cache that lags
 * can only delay an ask until the next event or recheck, never make a grant.
 *
 * <p><b>Why it never leaks.</b> After every status write, an instance's Permits whose holder no longer
 * waits or runs (a step ended, killed, skipped or restarted under a new attempt number; the run ended)
 * are deleted, decided from the status just written; every instance is reconciled when the operator
 * starts, so a crash between the write and the delete is made good. A deleted instance's Permits go with
 * it by ownership. A kind of Baton's own, not Leases: the operator needs no right on other controllers'
 * Leases (their leader elections).
 */
@ApplicationScoped
public class PermitLedger {
    private final KubernetesClient client;
    private final PermitCache permits;

    public PermitLedger(KubernetesClient client, PermitCache permits) {
        this.client = client;
        this.permits = permits;
    }

    /** What asking for permits did. */
    enum Outcome {
        /** Nothing new: every permit asked for waits (or was granted before). */
        Waiting,
        /** At least one permit was granted now: plan again at once, the holder may start. */
        Granted,
        /** Another grant of the same limit came first: ask again soon. */
        Raced
    }

    /**
     * Asks for each request's permits, in name order; a holder keeps what it got while it waits for the rest.
     * Granted when some holder now holds every permit it asked for (it may start on the next pass).
     */
    Outcome acquire(WorkflowInstance instance, List<Plan.PermitRequest> requests, int priority, Instant now) {
        boolean raced = false;
        for (Plan.PermitRequest request : requests) {
            boolean all = true;
            for (String limit : request.permits()) {
                Outcome one = acquire(instance, request.holder(), limit, priority, now);
                if (one != Outcome.Granted) {
                    raced |= one == Outcome.Raced;
                    all = false;
                    break;
                }
            }
            if (all) {
                return Outcome.Granted;
            }
        }
        return raced ? Outcome.Raced : Outcome.Waiting;
    }

    /** Returns Granted also when the permit was granted before (a cache that lags behind the Permit). */
    private Outcome acquire(WorkflowInstance instance, String holder, String limitName, int priority, Instant now) {
        String ns = instance.getMetadata().getNamespace();
        String name = ChildNames.permit(limitName, instance.getMetadata().getUid(), holder);
        if (permits.confirmedInCache(ns, limitName, name)) {
            return Outcome.Granted; // a confirmed grant only ever goes away with its holder
        }
        if (!permits.worthAsking(ns, limitName, name, priority, now)) {
            return Outcome.Waiting;
        }
        ConcurrencyLimit limit = client.resources(ConcurrencyLimit.class).inNamespace(ns).withName(limitName).get();
        List<Permit> held = client.resources(Permit.class).inNamespace(ns).withLabel(Labels.PERMIT, limitName).list().getItems();
        Permit mine = held.stream().filter(l -> name.equals(l.getMetadata().getName())).findFirst().orElse(null);
        if (mine != null && PermitCache.confirmed(mine)) {
            return Outcome.Granted;
        }
        if (limit == null || limit.getSpec() == null || limit.getSpec().limit == null) {
            return drop(mine);
        }
        Set<String> holding = held.stream().map(l -> l.getMetadata().getName()).collect(Collectors.toSet());
        List<PermitQueue.Waiter> waiting = permits.waiters(ns, limitName);
        PermitQueue.Waiter me = waiting.stream().filter(w -> w.id().equals(name)).findFirst()
                .orElse(new PermitQueue.Waiter(name, priority, now));
        if (!PermitQueue.mayTake(me, waiting, holding, limit.getSpec().limit)) {
            return drop(mine);
        }
        if (mine == null) {
            mine = create(instance, holder, limitName, name);
        }
        long grant = (limit.getStatus() == null || limit.getStatus().granted == null ? 0 : limit.getStatus().granted) + 1;
        // The serializing write: a patch whose resourceVersion is a precondition, so the API server refuses it
        // (409) if any other write to the ConcurrencyLimit (another grant, a new limit) came since the read.
        Map<String, Object> serialize = Map.of("metadata", Map.of("resourceVersion", limit.getMetadata().getResourceVersion()),
                "status", Map.of("granted", grant));
        try {
            client.resources(ConcurrencyLimit.class).inNamespace(ns).withName(limitName).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), Json.write(serialize));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                drop(mine);
                return Outcome.Raced;
            }
            throw e;
        }
        Map<String, Object> confirm = Map.of("spec", Map.of("grantedAt", DateTimeFormatter.ISO_INSTANT.format(now), "grant", grant));
        client.resources(Permit.class).inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), Json.write(confirm));
        return Outcome.Granted;
    }

    private Permit create(WorkflowInstance instance, String holder, String limitName, String name) {
        String ns = instance.getMetadata().getNamespace();
        Permit permit = new Permit();
        permit.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns)
                .addToLabels(Labels.MANAGED_BY, Labels.MANAGER)
                .addToLabels(Labels.PERMIT, limitName)
                .addToLabels(Labels.INSTANCE, instance.getMetadata().getName())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(instance.getApiVersion()).withKind(instance.getKind())
                        .withName(instance.getMetadata().getName()).withUid(instance.getMetadata().getUid()).build())
                .build());
        PermitSpec spec = new PermitSpec();
        spec.limit = limitName;
        spec.instance = instance.getMetadata().getName();
        spec.holder = holder;
        permit.setSpec(spec);
        try {
            return client.resource(permit).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // A pass that crashed before its grant was confirmed left it: it is this holder's.
            return client.resources(Permit.class).inNamespace(ns).withName(name).get();
        }
    }

    /** Deletes this holder's Permit that was never confirmed (it must not hold a place it was not granted). */
    private Outcome drop(Permit unconfirmed) {
        if (unconfirmed != null && !PermitCache.confirmed(unconfirmed)) {
            delete(unconfirmed);
        }
        return Outcome.Waiting;
    }

    /**
     * After the status is written: deletes the instance's Permits whose holder neither waits nor runs in
     * that status. Returns how many it deleted.
     */
    int release(WorkflowInstance instance, WorkflowInstanceStatus written) {
        List<Permit> mine = permits.permitsOf(instance);
        if (mine.isEmpty()) {
            return 0;
        }
        Set<String> keep = holders(written);
        int released = 0;
        for (Permit permit : mine) {
            if (!keep.contains(PermitCache.holderOf(permit))) {
                delete(permit);
                released++;
            }
        }
        return released;
    }

    /** The holders of a status that may hold permits: the run while it has not ended, its steps that wait or run. */
    static Set<String> holders(WorkflowInstanceStatus status) {
        Set<String> out = new HashSet<>();
        if (status == null || status.phase == null || status.phase.terminal()) {
            return out;
        }
        out.add(PermitView.run(InstanceStatusBuilder.run(status)));
        for (StepStatus st : status.steps == null ? List.<StepStatus>of() : status.steps) {
            if (st.phase == StepPhase.WaitingForPermit || st.phase == StepPhase.Running) {
                out.add(PermitView.step(st.name, st.firstAttempt == null ? 1 : st.firstAttempt));
            }
        }
        return out;
    }

    private void delete(Permit permit) {
        Deletes.delete(client, "/apis/" + permit.getApiVersion() + "/namespaces/" + permit.getMetadata().getNamespace()
                + "/permits/" + permit.getMetadata().getName(), permit.getMetadata().getUid(), null, null);
    }
}
