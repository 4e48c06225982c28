package dev.baton.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Quantiles of measured samples, and of a Prometheus histogram's increase between two scrapes. */
final class Percentiles {
    private Percentiles() {
    }

    /** Nearest-rank quantile (q in 0..1) of the samples; NaN when there are none. */
    static double of(List<Long> samples, double q) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(samples);
        sorted.sort(null);
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** Cumulative bucket counts of a histogram, by upper bound ({@code le}), summed over every label set. */
    static TreeMap<Double, Double> buckets(PrometheusSamples metrics, String histogram) {
        TreeMap<Double, Double> out = new TreeMap<>();
        for (PrometheusSamples.Sample s : metrics.named(histogram + "_bucket")) {
            String le = s.label("le");
            double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            out.merge(bound, s.value(), Double::sum);
        }
        return out;
    }

    /**
     * The upper bound of the bucket holding quantile q of the observations made between two scrapes: all a
     * histogram can tell, so an over-estimate by up to one bucket's width.
     */
    static double fromBuckets(Map<Double, Double> before, TreeMap<Double, Double> after, double q) {
        double total = after.lastEntry() == null ? 0 : after.lastEntry().getValue() - before.getOrDefault(after.lastKey(), 0.0);
        if (total <= 0) {
            return Double.NaN;
        }
        for (Map.Entry<Double, Double> e : after.entrySet()) {
            if (e.getValue() - before.getOrDefault(e.getKey(), 0.0) >= q * total) {
                return e.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
