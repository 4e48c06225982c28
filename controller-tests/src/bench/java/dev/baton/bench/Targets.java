package dev.baton.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Issue 7's targets, checked against the medians: goals to report, not asserts. */
final class Targets {
    /** A target, the measured value, the bound, and whether it is met (null: not measured). */
    record Check(String target, double measured, double bound, Boolean met) {
    }

    private Targets() {
    }

    static List<Check> check(Results r) {
        List<Check> out = new ArrayList<>();
        Map<String, Map<String, Double>> derived = r.derived();
        for (String s : List.of("burst", "burst-pod", "fanout", "fanout-pod")) {
            Map<String, Double> d = derived.get(s);
            if (d == null) {
                continue;
            }
            double rate = r.scenarios.get(s).median("stepsPerSecond");
            Double argo = d.get("argoStepsPerSecond");
            out.add(atLeast(s + ": steps/s ≥ 3 × Argo's", rate, argo == null ? Double.NaN : 3 * argo));
            Double ceiling = d.get("rawLimitStepsPerSecondAtTheseWrites");
            out.add(atLeast(s + ": steps/s ≥ 50% of raw limit ÷ writes per step", rate, ceiling == null ? Double.NaN : ceiling / 2));
        }
        for (String s : List.of("burst", "burst-pod", "fanout", "fanout-pod", "chain", "chain-pod")) {
            if (derived.containsKey(s)) {
                Results.ScenarioResult sr = r.scenarios.get(s);
                double own = sr.median("operatorWritesPerStep");
                out.add(atMost(s + ": operator's API writes per step ≤ 4", own, 4));
                out.add(atMost(s + ": the same without Events ≤ 4", own - sr.median("operatorEventWritesPerStep"), 4));
                out.add(atMost(s + ": all clients' API writes per step ≤ 4", sr.median("apiWritesPerStep"), 4));
            }
        }
        for (String s : List.of("chain", "chain-pod")) {
            if (r.scenarios.containsKey(s)) {
                out.add(atMost(s + ": launch delay p50 ≤ 50 ms", r.scenarios.get(s).median("launchDelayP50Ms"), 50));
                out.add(atMost(s + ": launch delay p99 ≤ 500 ms", r.scenarios.get(s).median("launchDelayP99Ms"), 500));
            }
        }
        if (r.scenarios.containsKey("bigforeach")) {
            Results.ScenarioResult big = r.scenarios.get("bigforeach");
            out.add(atMost("bigforeach: peak heap ≤ 512 MiB", big.figures().get("peakHeapMiB").max(), 512));
            out.add(atMost("bigforeach: largest object ≤ 100 KiB", big.figures().get("largestObjectKiB").max(), 100));
        }
        return out;
    }

    private static Check atLeast(String target, double measured, double bound) {
        return new Check(target, measured, bound, Double.isNaN(measured) || Double.isNaN(bound) ? null : measured >= bound);
    }

    private static Check atMost(String target, double measured, double bound) {
        return new Check(target, measured, bound, Double.isNaN(measured) ? null : measured <= bound);
    }
}
