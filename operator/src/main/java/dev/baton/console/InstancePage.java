package dev.baton.console;

import dev.baton.api.WorkflowInstance;
import dev.baton.reconciler.CachedResources;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One page of the instance list: the cached instances that pass the filters, newest first, and a continue
 * token that names the last one shown, so the next page starts after it even while instances come and go.
 * A filter pass over 10,000 cached instances takes milliseconds; nothing is asked of the API server.
 */
public final class InstancePage {
    private InstancePage() {
    }

    public record Page(List<InstanceSummary> items, String continueToken, long matched) {
    }

    /** The sort key: creation time (newest first), then namespace and name. */
    record Key(long created, String namespace, String name) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparingLong(Key::created).reversed()
                .thenComparing(Key::namespace).thenComparing(Key::name);

        static Key of(WorkflowInstance i) {
            String ts = i.getMetadata().getCreationTimestamp();
            return new Key(ts == null ? 0 : Instant.parse(ts).getEpochSecond(), i.getMetadata().getNamespace(), i.getMetadata().getName());
        }

        @Override
        public int compareTo(Key o) {
            return ORDER.compare(this, o);
        }

        String token() {
            String raw = created + "|" + namespace + "|" + name;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Key parse(String token) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", 3);
                return new Key(Long.parseLong(parts[0]), parts[1], parts[2]);
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw ConsoleRefusal.badRequest("continue: not a token this console gave (" + e.getMessage() + ")");
            }
        }
    }

    /** {@code visible} says which namespaces the caller may list. */
    public static Page of(Stream<WorkflowInstance> instances, InstanceQuery q, Predicate<String> visible) {
        Key after = q.continueToken() == null ? null : Key.parse(q.continueToken());
        List<Map.Entry<Key, WorkflowInstance>> matched = new ArrayList<>();
        instances.filter(i -> matches(i, q) && visible.test(i.getMetadata().getNamespace()))
                .forEach(i -> matched.add(Map.entry(Key.of(i), i)));
        matched.sort(Map.Entry.comparingByKey());
        List<InstanceSummary> items = new ArrayList<>();
        Key lastShown = null;
        String next = null;
        for (var e : matched) {
            if (after != null && e.getKey().compareTo(after) <= 0) {
                continue;
            }
            if (items.size() == q.limit()) {
                next = lastShown.token();
                break;
            }
            items.add(InstanceSummary.of(e.getValue()));
            lastShown = e.getKey();
        }
        return new Page(items, next, matched.size());
    }

    static boolean matches(WorkflowInstance i, InstanceQuery q) {
        var meta = i.getMetadata();
        if (!q.children() && CachedResources.isChild(i)) {
            return false;
        }
        if (q.namespace() != null && !q.namespace().equals(meta.getNamespace())) {
            return false;
        }
        if (q.workflow() != null && !q.workflow().equals(CachedResources.workflowOf(i))) {
            return false;
        }
        if (!q.phases().isEmpty()) {
            if (!q.phases().contains(InstanceSummary.phase(i))) {
                return false;
            }
        }
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        for (var l : q.labels().entrySet()) {
            if (!l.getValue().equals(labels.get(l.getKey()))) {
                return false;
            }
        }
        if (q.since() != null || q.until() != null) {
            Instant created = meta.getCreationTimestamp() == null ? Instant.EPOCH : Instant.parse(meta.getCreationTimestamp());
            if (q.since() != null && created.isBefore(q.since()) || q.until() != null && created.isAfter(q.until())) {
                return false;
            }
        }
        return q.text() == null || meta.getName().contains(q.text());
    }
}
