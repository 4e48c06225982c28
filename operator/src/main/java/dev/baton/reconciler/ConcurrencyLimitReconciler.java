package dev.baton.reconciler;

import dev.baton.api.ConcurrencyLimit;
import dev.baton.api.ConcurrencyLimitStatus;
import dev.baton.api.PermitHolderStatus;
import dev.baton.client.LeanItemStore;
import dev.baton.executor.Labels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import dev.baton.api.Permit;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Shows who holds a ConcurrencyLimit's permits: {@code status.held} (granted Permits), {@code status.waiting}
 * and the {@value ConcurrencyLimitStatus#LISTED_HOLDERS} oldest holders, from the caches. Display only:
 * grants are the business of {@link PermitLedger}, whose {@code status.granted} this write leaves alone
 * (a server-side apply of the fields it owns). Each pass also wakes the waiters that may take a free place,
 * which no event does when the waiter first in line leaves the queue without a permit.
 */
@ControllerConfiguration(name = "concurrencylimit")
public class ConcurrencyLimitReconciler implements Reconciler<ConcurrencyLimit> {
    /** Waiters change without an event of the limit's own: how often the count and the free places are looked at again. */
    static final Duration REFRESH = Duration.ofSeconds(10);
    private final PermitCache permits;

    public ConcurrencyLimitReconciler(PermitCache permits) {
        this.permits = permits;
    }

    @Override
    public List<EventSource<?, ConcurrencyLimit>> prepareEventSources(EventSourceContext<ConcurrencyLimit> context) {
        var config = InformerEventSourceConfiguration.from(Permit.class, ConcurrencyLimit.class)
                .withName("permits-of-limits")
                .withLabelSelector(Labels.PERMIT)
                .withItemStore(new LeanItemStore<>())
                .withSecondaryToPrimaryMapper(l -> Set.of(new ResourceID(PermitCache.limitOf(l), l.getMetadata().getNamespace())))
                .build();
        return List.of(new InformerEventSource<>(config, context));
    }

    @Override
    public UpdateControl<ConcurrencyLimit> reconcile(ConcurrencyLimit limit, Context<ConcurrencyLimit> context) {
        List<Permit> granted = context.getSecondaryResources(Permit.class).stream().filter(PermitCache::confirmed)
                .sorted(Comparator.comparing((Permit l) -> l.getSpec().grantedAt).thenComparing(l -> l.getMetadata().getName()))
                .toList();
        ConcurrencyLimitStatus status = new ConcurrencyLimitStatus();
        status.held = granted.size();
        status.waiting = permits.waiters(limit.getMetadata().getNamespace(), limit.getMetadata().getName()).size();
        status.holders = granted.stream().limit(ConcurrencyLimitStatus.LISTED_HOLDERS).map(ConcurrencyLimitReconciler::holder).toList();
        status.observedGeneration = limit.getMetadata().getGeneration();
        permits.wakeNext(limit.getMetadata().getNamespace(), limit.getMetadata().getName());
        UpdateControl<ConcurrencyLimit> control;
        if (same(status, limit.getStatus())) {
            control = UpdateControl.noUpdate();
        } else {
            ConcurrencyLimit fresh = new ConcurrencyLimit();
            fresh.setMetadata(new ObjectMetaBuilder().withName(limit.getMetadata().getName())
                    .withNamespace(limit.getMetadata().getNamespace()).build());
            fresh.setStatus(status);
            control = UpdateControl.patchStatus(fresh);
        }
        return control.rescheduleAfter(REFRESH.toMillis());
    }

    private static PermitHolderStatus holder(Permit permit) {
        PermitHolderStatus h = new PermitHolderStatus();
        h.instance = permit.getSpec().instance;
        String holder = permit.getSpec().holder;
        // "step/<name>/<firstAttempt>" names a step; "run/<n>" the whole run.
        h.step = holder != null && holder.startsWith("step/") ? holder.substring(5, holder.lastIndexOf('/')) : null;
        h.permit = permit.getMetadata().getName();
        h.since = permit.getSpec().grantedAt;
        return h;
    }

    private static boolean same(ConcurrencyLimitStatus a, ConcurrencyLimitStatus b) {
        if (b == null) {
            return false;
        }
        return Objects.equals(a.held, b.held) && Objects.equals(a.waiting, b.waiting)
                && Objects.equals(a.observedGeneration, b.observedGeneration)
                && Objects.equals(a.holders == null ? null : a.holders.stream().map(h -> h.permit).toList(),
                        b.holders == null ? null : b.holders.stream().map(h -> h.permit).toList());
    }
}
