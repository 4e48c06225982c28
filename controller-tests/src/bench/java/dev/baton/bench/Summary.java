package dev.baton.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Median, min and max of each figure over a scenario's runs. */
record Summary(double median, double min, double max) {

    static Summary of(List<Double> values) {
        List<Double> v = values.stream().filter(d -> d != null && !d.isNaN()).sorted().toList();
        if (v.isEmpty()) {
            return new Summary(Double.NaN, Double.NaN, Double.NaN);
        }
        int n = v.size();
        double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
        return new Summary(median, v.get(0), v.get(n - 1));
    }

    /** One summary per figure name found in any run, in first-seen order. */
    static Map<String, Summary> ofRuns(List<Map<String, Double>> runs) {
        Map<String, List<Double>> byName = new LinkedHashMap<>();
        for (Map<String, Double> run : runs) {
            run.forEach((k, v) -> byName.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
        Map<String, Summary> out = new LinkedHashMap<>();
        byName.forEach((k, v) -> out.put(k, of(v)));
        return out;
    }
}
