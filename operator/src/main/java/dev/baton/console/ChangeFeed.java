package dev.baton.console;

import dev.baton.engine.Json;
import dev.baton.reconciler.CachedResources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The one feed of changes every open console listens to: once a second, while anyone listens, it compares
 * the informer caches' resource versions with the last look and sends each listener the instances and
 * Workflows that changed in the namespaces it may see. The caches are fed by the operator's own watches,
 * so a hundred consoles add no request to the API server; a pass over 10,000 cached instances is a
 * millisecond of one thread.
 */
@ApplicationScoped
public class ChangeFeed {
    static final long PERIOD_MILLIS = 1_000;
    /** A comment line this often keeps proxies from closing an idle stream. */
    static final int HEARTBEAT_TICKS = 15;

    /** One open console: the namespaces it may see, and where its lines go (false once it has gone). */
    public interface Listener {
        Predicate<String> visible();

        boolean send(String event);
    }

    /** One changed object; root is the top of an instance's tree (for a loop iteration or subworkflow run), else null. */
    public record Change(String kind, String namespace, String name, String phase, String root, boolean deleted) {
    }

    private final CachedResources cached;
    private final Set<Listener> listeners = new CopyOnWriteArraySet<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-change-feed");
        t.setDaemon(true);
        return t;
    });
    /** Resource versions at the last look, by "kind/namespace/name"; read and written by the timer thread only. */
    private Map<String, Change> seenChanges = new HashMap<>();
    private Map<String, String> seen = new HashMap<>();
    private long ticks;
    private boolean primed;

    public ChangeFeed(CachedResources cached) {
        this.cached = cached;
        timer.scheduleWithFixedDelay(this::tick, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Adds a console, on the feed's own thread: the feed first takes its snapshot when nobody listened
     * before, then the console joins and is told it is connected. A change made after the console reads
     * ": connected" is therefore always a change (joining before the snapshot lost it: the first look only
     * records what is there).
     */
    public void add(Listener l) {
        timer.execute(() -> {
            if (!primed) {
                look();
            }
            listeners.add(l);
            if (!l.send(": connected\n\n")) {
                listeners.remove(l);
            }
        });
    }

    public void remove(Listener l) {
        listeners.remove(l);
    }

    int listeners() {
        return listeners.size();
    }

    private void tick() {
        try {
            if (listeners.isEmpty()) {
                seen = new HashMap<>();
                primed = false;
                return;
            }
            List<Change> changes = look();
            ticks++;
            for (Listener l : listeners) {
                List<Change> mine = changes.stream().filter(c -> l.visible().test(c.namespace())).toList();
                String line = !mine.isEmpty() ? "event: change\ndata: " + Json.write(mine) + "\n\n"
                        : ticks % HEARTBEAT_TICKS == 0 ? ": heartbeat\n\n" : null;
                if (line != null && !l.send(line)) {
                    listeners.remove(l);
                }
            }
        } catch (RuntimeException e) {
            // The next tick tries again; a broken listener must not stop the feed for the others.
            org.jboss.logging.Logger.getLogger(ChangeFeed.class).debug("console change feed", e);
        }
    }

    /** The changes since the last look; the first look after a quiet time only records what is there. */
    List<Change> look() {
        boolean first = !primed;
        primed = true;
        Map<String, String> now = new HashMap<>(seen.size() + 16);
        Map<String, Change> described = new HashMap<>(seen.size() + 16);
        List<Change> changes = new ArrayList<>();
        cached.instances().forEach(i -> record("instance", i, InstanceSummary.phase(i), now, described, changes, first));
        cached.workflows().forEach(w -> record("workflow", w, null, now, described, changes, first));
        for (var old : seen.keySet()) {
            if (!now.containsKey(old)) {
                Change c = seenChanges.get(old);
                changes.add(new Change(c.kind(), c.namespace(), c.name(), c.phase(), c.root(), true));
            }
        }
        seen = now;
        seenChanges = described;
        return first ? List.of() : changes;
    }

    private void record(String kind, HasMetadata o, String phase, Map<String, String> now, Map<String, Change> described,
                        List<Change> changes, boolean first) {
        String key = kind + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
        String version = o.getMetadata().getResourceVersion();
        now.put(key, version);
        String root = o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get(dev.baton.executor.Labels.ROOT);
        Change c = new Change(kind, o.getMetadata().getNamespace(), o.getMetadata().getName(), phase, root, false);
        described.put(key, c);
        if (!first && !java.util.Objects.equals(seen.get(key), version)) {
            changes.add(c);
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
