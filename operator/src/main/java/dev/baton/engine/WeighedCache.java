package dev.baton.engine;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A least-recently-used cache bounded by entries and by the sum of its values' weights (their size in
 * bytes, as the caller measures it): a thousand small values and a handful of megabyte ones both fit in
 * the same memory. Thread-safe.
 */
public final class WeighedCache<V> {
    private record Weighed<V>(V value, long weight) {
    }

    private final int maxEntries;
    private final long maxWeight;
    private final LinkedHashMap<String, Weighed<V>> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long weight;

    public WeighedCache(int maxEntries, long maxWeight) {
        this.maxEntries = maxEntries;
        this.maxWeight = maxWeight;
    }

    public synchronized V get(String key) {
        Weighed<V> w = entries.get(key);
        return w == null ? null : w.value();
    }

    /** Keeps the value unless it alone is heavier than the whole budget; evicts the least recently used past the bounds. */
    public synchronized void put(String key, V value, long valueWeight) {
        Weighed<V> old = entries.remove(key);
        if (old != null) {
            weight -= old.weight();
        }
        if (valueWeight > maxWeight) {
            return;
        }
        entries.put(key, new Weighed<>(value, valueWeight));
        weight += valueWeight;
        Iterator<Map.Entry<String, Weighed<V>>> eldest = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || weight > maxWeight) && eldest.hasNext()) {
            weight -= eldest.next().getValue().weight();
            eldest.remove();
        }
    }

    public synchronized void remove(String key) {
        Weighed<V> old = entries.remove(key);
        if (old != null) {
            weight -= old.weight();
        }
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long weight() {
        return weight;
    }
}
