package dev.baton.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything measured: each scenario's runs and their median/min/max, Argo's runs, and the figures
 * derived across scenarios (the raw limit at a scenario's writes per step, Baton/Argo ratios).
 */
final class Results {
    /** One scenario's runs. */
    record ScenarioResult(String description, int steps, List<ScenarioRunner.Run> runs) {
        Map<String, Summary> figures() {
            return Summary.ofRuns(runs.stream().map(ScenarioRunner.Run::figures).toList());
        }

        /** Median writes per step by "VERB resource" (all clients), largest first. */
        Map<String, Double> writesPerStep() {
            return largestFirst(Summary.ofRuns(runs.stream().map(ScenarioRunner.Run::writesPerStep).toList()));
        }

        /** Median writes per step by "verb resource" of the operator alone, largest first. */
        Map<String, Double> operatorWritesPerStep() {
            return largestFirst(Summary.ofRuns(runs.stream().map(ScenarioRunner.Run::operatorWritesPerStep).toList()));
        }

        private static Map<String, Double> largestFirst(Map<String, Summary> s) {
            Map<String, Double> out = new LinkedHashMap<>();
            s.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue().median(), a.getValue().median()))
                    .forEach(e -> out.put(e.getKey(), e.getValue().median()));
            return out;
        }

        double median(String figure) {
            Summary s = figures().get(figure);
            return s == null ? Double.NaN : s.median();
        }
    }

    final Map<String, ScenarioResult> scenarios = new LinkedHashMap<>();
    final Map<String, List<Map<String, Object>>> argo = new LinkedHashMap<>();

    /** Argo's steps per second over its runs of a scenario, or null without Argo. */
    Summary argoStepsPerSecond(String scenario) {
        List<Map<String, Object>> runs = argo.get(scenario.replace("-pod", ""));
        if (runs == null || runs.isEmpty()) {
            return null;
        }
        List<Double> values = new ArrayList<>();
        runs.forEach(r -> values.add(ArgoSide.stepsPerSecond(r)));
        return Summary.of(values);
    }

    /** Figures derived from several scenarios, by scenario then name. */
    Map<String, Map<String, Double>> derived() {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (String name : scenarios.keySet()) {
            if (name.startsWith("raw-") || name.equals("bigforeach")) {
                continue;
            }
            Map<String, Double> d = new LinkedHashMap<>();
            ScenarioResult raw = scenarios.get(name.endsWith("-pod") ? "raw-pods" : "raw-jobs");
            if (raw != null) {
                // The raw limit in API writes per second, spent at this scenario's writes per step.
                d.put("rawLimitStepsPerSecondAtTheseWrites",
                        raw.median("apiWritesPerSecond") / scenarios.get(name).median("apiWritesPerStep"));
                d.put("rawLimitObjectsPerSecond", raw.median("stepsPerSecond"));
            }
            Summary argoRate = argoStepsPerSecond(name);
            if (argoRate != null) {
                d.put("argoStepsPerSecond", argoRate.median());
                d.put("argoStepsPerSecondMin", argoRate.min());
                d.put("argoStepsPerSecondMax", argoRate.max());
                d.put("batonOverArgo", scenarios.get(name).median("stepsPerSecond") / argoRate.median());
            }
            out.put(name, d);
        }
        return out;
    }
}
