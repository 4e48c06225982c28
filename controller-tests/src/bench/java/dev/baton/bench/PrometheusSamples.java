package dev.baton.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples of the Prometheus text format (what kube-apiserver's /metrics and the operator's /q/metrics
 * serve): a metric name, its labels and a value. Only what the bench reads, so no HELP, TYPE or
 * timestamps, and no escaped quotes inside label values (neither server emits them for our metrics).
 */
record PrometheusSamples(List<Sample> samples) {

    record Sample(String name, Map<String, String> labels, double value) {
        String label(String key) {
            return labels.getOrDefault(key, "");
        }
    }

    static PrometheusSamples parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            String name;
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                int close = line.lastIndexOf('}');
                for (String pair : line.substring(brace + 1, close).split("\",")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        labels.put(pair.substring(0, eq), pair.substring(eq + 2).replaceAll("\"$", ""));
                    }
                }
            } else {
                name = line.substring(0, line.indexOf(' '));
            }
            try {
                out.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1).trim())));
            } catch (NumberFormatException ignored) {
                // a value such as a timestamp suffix we do not use
            }
        }
        return new PrometheusSamples(out);
    }

    List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name.equals(name)).toList();
    }

    /** The sum of every sample of a metric whose labels include all of {@code match}. */
    double sum(String name, Map<String, String> match) {
        return named(name).stream()
                .filter(s -> match.entrySet().stream().allMatch(e -> e.getValue().equals(s.label(e.getKey()))))
                .mapToDouble(Sample::value).sum();
    }
}
