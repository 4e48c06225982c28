package dev.baton.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the tries of a {@link Property} did, counted by label: each try collects one value per label
 * (true or false, a phase, a bucket), and a label's percentages are of the values collected under it.
 */
final class Tally {
    private final Map<String, Map<Object, Integer>> counts = new LinkedHashMap<>();

    /** Counts one value under the label (once per try, for percentages of the tries). */
    void collect(String label, Object value) {
        counts.computeIfAbsent(label, k -> new LinkedHashMap<>()).merge(value, 1, Integer::sum);
    }

    int count(String label, Object value) {
        return counts.getOrDefault(label, Map.of()).getOrDefault(value, 0);
    }

    int total(String label) {
        return counts.getOrDefault(label, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The share of the label's values that were {@code value}, in percent; 0 when nothing was collected. */
    double percentage(String label, Object value) {
        int total = total(label);
        return total == 0 ? 0 : 100.0 * count(label, value) / total;
    }

    /** Every label with its values, most frequent first, one line each (empty when nothing was collected). */
    String report() {
        StringBuilder out = new StringBuilder();
        counts.forEach((label, values) -> {
            int total = total(label);
            List<Map.Entry<Object, Integer>> sorted = new ArrayList<>(values.entrySet());
            sorted.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
            out.append("\n  ").append(label).append(':');
            for (Map.Entry<Object, Integer> e : sorted) {
                out.append(' ').append(e.getKey()).append(' ')
                        .append(String.format(Locale.ROOT, "%.1f", 100.0 * e.getValue() / total))
                        .append("% (").append(e.getValue()).append(')');
            }
        });
        return out.toString();
    }
}
