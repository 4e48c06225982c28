package dev.baton.reconciler;

import dev.baton.api.ConcurrencyLimit;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.PermitQueue;
import dev.baton.engine.PermitView;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import dev.baton.executor.ChildNames;
import dev.baton.executor.Labels;
import dev.baton.client.LeanItemStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import dev.baton.api.Permit;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Shared concurrency limits as the instance controller's caches show them: the ConcurrencyLimits, the
 * Permit objects (one per holder, labelled {@value Labels#PERMIT} with the limit), and an index of its own cache
 * listing the instances that wait for a permit, by "namespace/limit" (from their status). A freed permit
 * (a Permit deleted), a new limit or a changed one wakes only the waiters first in the queue, as many as
 * permits are free ({@link PermitQueue#next}): with 10,000 waiters, a release costs one reconcile, not
 * 10,000 that each find others ahead. A grant (a Permit created or confirmed, the limit's status written)
 * frees nothing and wakes no other waiter. What no event says (the first waiter left the queue without a
 * permit: stopped, skipped, deleted) the limit's periodic pass makes good ({@link #wakeNext}).
 * These caches only say what to show and whom to wake, and which holders already hold: whether a permit
 * may be granted is decided against the API server (see {@link PermitLedger}).
 */
@ApplicationScoped
public class PermitCache {
    /** Index of the instance controller's cache: instances by the "namespace/limit" they wait for. */
    private static final String WAITING = "baton.dev/waiting-for-permit";
    private static final String BY_INSTANCE = "baton.dev/permits-of-instance";
    private static final String BY_LIMIT = "baton.dev/permits-of-limit";
    private volatile IndexerResourceCache<WorkflowInstance> instances;
    private volatile InformerEventSource<Permit, WorkflowInstance> permits;
    private volatile InformerEventSource<ConcurrencyLimit, WorkflowInstance> limits;
    private volatile SimpleInboundEventSource<WorkflowInstance> wakeups;

    List<EventSource<?, WorkflowInstance>> eventSources(EventSourceContext<WorkflowInstance> context) {
        IndexerResourceCache<WorkflowInstance> cache = context.getPrimaryCache();
        cache.addIndexers(Map.<String, Function<WorkflowInstance, List<String>>>of(WAITING, PermitCache::waitingFor));
        this.instances = cache;
        var permitConfig = InformerEventSourceConfiguration.from(Permit.class, WorkflowInstance.class)
                .withName("permits")
                .withLabelSelector(Labels.PERMIT)
                .withItemStore(new LeanItemStore<>())
                .withSecondaryToPrimaryMapper(PermitCache.this::wakes)
                .build();
        var permitSource = new InformerEventSource<>(permitConfig, context);
        permitSource.addIndexers(Map.of(
                BY_INSTANCE, l -> List.of(key(l.getMetadata().getNamespace(), label(l, Labels.INSTANCE))),
                BY_LIMIT, l -> List.of(key(l.getMetadata().getNamespace(), limitOf(l)))));
        this.permits = permitSource;
        var limitConfig = InformerEventSourceConfiguration.from(ConcurrencyLimit.class, WorkflowInstance.class)
                .withName("concurrency-limits")
                .withSecondaryToPrimaryMapper(c -> next(c.getMetadata().getNamespace(), c.getMetadata().getName()))
                // Its status is written on every grant: only a new spec.limit may free a place.
                .withOnUpdateFilter((now, before) -> !Objects.equals(now.getMetadata().getGeneration(), before.getMetadata().getGeneration()))
                .build();
        this.limits = new InformerEventSource<>(limitConfig, context);
        this.wakeups = new SimpleInboundEventSource<>("permit-wakeups");
        return List.of(permitSource, limits, wakeups);
    }

    /**
     * Wakes the waiters that may take a permit of this limit now, if any: called by the limit's periodic pass,
     * for a place freed without an event (the waiter first in line left the queue) and a waiter whose wake-up
     * found the cache behind.
     */
    void wakeNext(String namespace, String limit) {
        var w = wakeups;
        if (w != null) {
            next(namespace, limit).forEach(w::propagateEvent);
        }
    }

    /** What the instance's planning pass reads: its holders' confirmed grants, and each limit's state for messages. */
    PermitView view(WorkflowInstance instance) {
        String ns = instance.getMetadata().getNamespace();
        String uid = instance.getMetadata().getUid();
        Set<String> granted = permitsOf(instance).stream().filter(PermitCache::confirmed)
                .map(l -> l.getMetadata().getName()).collect(Collectors.toSet());
        return new PermitView() {
            @Override
            public boolean granted(String holder, String permit) {
                return granted.contains(ChildNames.permit(permit, uid, holder));
            }

            @Override
            public String state(String permit) {
                return describe(ns, permit);
            }
        };
    }

    /** "2 of 2 held", or that no ConcurrencyLimit has the name. */
    String describe(String namespace, String permit) {
        Optional<ConcurrencyLimit> limit = limit(namespace, permit);
        if (limit.isEmpty()) {
            return "no ConcurrencyLimit " + permit + " in namespace " + namespace + ": it waits until one is created";
        }
        Integer value = limit.get().getSpec() == null ? null : limit.get().getSpec().limit;
        return ofLimit(namespace, permit).size() + " of " + value + " held";
    }

    Optional<ConcurrencyLimit> limit(String namespace, String name) {
        var l = limits;
        return l == null ? Optional.empty() : l.get(new ResourceID(name, namespace));
    }

    /** The permit Permits of one instance, owned by it (by uid: a re-created instance of the same name holds none). */
    List<Permit> permitsOf(WorkflowInstance instance) {
        var l = permits;
        if (l == null) {
            return List.of();
        }
        String uid = instance.getMetadata().getUid();
        return l.byIndex(BY_INSTANCE, key(instance.getMetadata().getNamespace(), instance.getMetadata().getName())).stream()
                .filter(p -> p.getMetadata().getOwnerReferences() != null && p.getMetadata().getOwnerReferences()
                        .stream().anyMatch(o -> uid.equals(o.getUid())))
                .toList();
    }

    /** The permit Permits of one limit in the cache. */
    List<Permit> ofLimit(String namespace, String limit) {
        var l = permits;
        return l == null ? List.of() : l.byIndex(BY_LIMIT, key(namespace, limit));
    }

    /**
     * False when the caches show that the holder cannot take a permit now (the limit does not exist, or is
     * full with others ahead, and the holder has no Permit of its own to confirm or drop): then nothing is
     * asked of the API server. True without caches (nothing to go by).
     */
    boolean worthAsking(String namespace, String limit, String permitName, int priority, Instant now) {
        if (limits == null || permits == null) {
            return true;
        }
        Optional<ConcurrencyLimit> cached = limit(namespace, limit);
        if (cached.isEmpty() || cached.get().getSpec() == null || cached.get().getSpec().limit == null) {
            return false;
        }
        Set<String> holding = holding(namespace, limit);
        if (holding.contains(permitName)) {
            return true;
        }
        List<PermitQueue.Waiter> waiting = waiters(namespace, limit);
        PermitQueue.Waiter me = waiting.stream().filter(w -> w.id().equals(permitName)).findFirst()
                .orElse(new PermitQueue.Waiter(permitName, priority, now));
        return PermitQueue.mayTake(me, waiting, holding, cached.get().getSpec().limit);
    }

    /** True when the cache shows this Permit granted. */
    boolean confirmedInCache(String namespace, String limit, String permitName) {
        return ofLimit(namespace, limit).stream().anyMatch(p -> permitName.equals(p.getMetadata().getName()) && confirmed(p));
    }

    /** Every holder waiting for the limit, as the instance cache shows them. */
    List<PermitQueue.Waiter> waiters(String namespace, String limit) {
        var cache = instances;
        if (cache == null) {
            return List.of();
        }
        List<PermitQueue.Waiter> out = new ArrayList<>();
        for (WorkflowInstance i : cache.byIndex(WAITING, key(namespace, limit))) {
            out.addAll(waitersIn(i, limit));
        }
        return out;
    }

    /** A permit is granted once its grant was confirmed (grantedAt set after the serializing write). */
    static boolean confirmed(Permit permit) {
        return permit.getSpec() != null && permit.getSpec().grantedAt != null;
    }

    static String limitOf(Permit permit) {
        return label(permit, Labels.PERMIT);
    }

    static String holderOf(Permit permit) {
        return permit.getSpec() == null ? null : permit.getSpec().holder;
    }

    /** The waiters of one instance for one limit: its run (Queued for its permits) and its steps WaitingForPermit. */
    static List<PermitQueue.Waiter> waitersIn(WorkflowInstance instance, String limit) {
        var s = instance.getStatus();
        String uid = instance.getMetadata().getUid();
        if (s == null || s.phase == null || s.phase.terminal() || uid == null) {
            return List.of();
        }
        int priority = s.priority == null ? 0 : s.priority;
        List<PermitQueue.Waiter> out = new ArrayList<>();
        if (s.phase == InstancePhase.Queued && s.permits != null && s.permits.contains(limit)) {
            String holder = PermitView.run(InstanceStatusBuilder.run(s));
            out.add(new PermitQueue.Waiter(ChildNames.permit(limit, uid, holder), priority,
                    time(instance.getMetadata().getCreationTimestamp())));
        }
        for (StepStatus st : s.steps == null ? List.<StepStatus>of() : s.steps) {
            if (st.phase == StepPhase.WaitingForPermit && st.permits != null && st.permits.contains(limit)) {
                String holder = PermitView.step(st.name, st.firstAttempt == null ? 1 : st.firstAttempt);
                out.add(new PermitQueue.Waiter(ChildNames.permit(limit, uid, holder), priority, time(st.startTime)));
            }
        }
        return out;
    }

    /** The "namespace/limit" of each limit the instance's run or steps wait for. */
    static List<String> waitingFor(WorkflowInstance instance) {
        var s = instance.getStatus();
        if (s == null || s.phase == null || s.phase.terminal()) {
            return List.of();
        }
        String ns = instance.getMetadata().getNamespace();
        Set<String> out = new java.util.TreeSet<>();
        if (s.phase == InstancePhase.Queued && s.permits != null) {
            s.permits.forEach(p -> out.add(key(ns, p)));
        }
        for (StepStatus st : s.steps == null ? List.<StepStatus>of() : s.steps) {
            if (st.phase == StepPhase.WaitingForPermit && st.permits != null) {
                st.permits.forEach(p -> out.add(key(ns, p)));
            }
        }
        return List.copyOf(out);
    }

    /**
     * A Permit's change wakes its own instance (which starts its holder once granted, releases it once the
     * holder ended) and the waiters that may now take a permit of its limit (none unless one came free).
     */
    private Set<ResourceID> wakes(Permit permit) {
        Set<ResourceID> out = new java.util.HashSet<>(next(permit.getMetadata().getNamespace(), limitOf(permit)));
        String owner = label(permit, Labels.INSTANCE);
        if (!owner.isEmpty()) {
            out.add(new ResourceID(owner, permit.getMetadata().getNamespace()));
        }
        return out;
    }

    /**
     * The instances of the waiters that may take a permit of the limit now, by the caches (the Permit cache
     * is updated before its event is handed out). Every waiter when the limit is gone: each says so.
     */
    private Set<ResourceID> next(String namespace, String limit) {
        var cache = instances;
        if (cache == null || limit == null) {
            return Set.of();
        }
        List<WorkflowInstance> waiting = cache.byIndex(WAITING, key(namespace, limit));
        if (waiting.isEmpty()) {
            return Set.of();
        }
        Optional<ConcurrencyLimit> cached = limit(namespace, limit);
        if (cached.isEmpty() || cached.get().getSpec() == null || cached.get().getSpec().limit == null) {
            return waiting.stream().map(ResourceID::fromResource).collect(Collectors.toSet());
        }
        Map<PermitQueue.Waiter, WorkflowInstance> byWaiter = new java.util.HashMap<>();
        for (WorkflowInstance i : waiting) {
            waitersIn(i, limit).forEach(w -> byWaiter.put(w, i));
        }
        return PermitQueue.next(byWaiter.keySet(), holding(namespace, limit), cached.get().getSpec().limit).stream()
                .map(w -> ResourceID.fromResource(byWaiter.get(w))).collect(Collectors.toSet());
    }

    /** The names of the limit's Permits in the cache, granted or not (an ungranted one holds a place until it goes). */
    private Set<String> holding(String namespace, String limit) {
        return ofLimit(namespace, limit).stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    }

    private static Instant time(String text) {
        return text == null ? Instant.EPOCH : Instant.parse(text);
    }

    private static String label(HasMetadata o, String name) {
        var labels = o.getMetadata().getLabels();
        return labels == null || labels.get(name) == null ? "" : labels.get(name);
    }

    static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
