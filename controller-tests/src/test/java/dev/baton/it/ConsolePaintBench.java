package dev.baton.it;

import dev.baton.engine.model.InstancePhase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * make bench (#20 point 6): first paint of the console's instance page for a run of 200 steps with a
 * 10,000-iteration foreach, in headless Chromium on this machine: from navigation start to the frame after the
 * graph was rendered (performance mark baton-instance-painted), and from a click on the foreach's expand
 * button to its first page of iterations. Prints the figures and writes bench/results/DATE-console.json; it
 * asserts nothing about time (not a timed test), and its name keeps it out of make test.
 */
@ExtendWith(BatonCluster.class)
class ConsolePaintBench {
    static final int STEPS = 199;
    static final int ITERATIONS = Integer.getInteger("baton.bench.iterations", 10_000);
    static final int RUNS = 7;

    /** 199 noop steps in ten parallel chains with cross edges and conditions, and a foreach of 10,000 noop iterations. */
    static String workflow() {
        StringBuilder steps = new StringBuilder();
        for (int i = 0; i < STEPS; i++) {
            steps.append("    - {name: s").append(i).append(", noop: {}");
            if (i >= 10) {
                steps.append(", dependsOn: [s").append(i - 10);
                if (i % 7 == 0) {
                    steps.append(", {step: s").append(i - 9).append(", when: \"params.threshold > ").append(i).append("\"}");
                }
                steps.append("]");
            }
            steps.append("}\n");
        }
        return """
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: paint}
                spec:
                  params: {threshold: {type: long, default: 100}, items: {type: longArray, default: []}}
                  steps:
                    - name: big
                      foreach:
                        params: {i: "${params.items}"}
                        concurrency: 20
                        steps: [{name: one, noop: {}}]
                STEPS---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: paint-1}
                spec:
                  workflowRef: {name: paint}
                  params: {items: ITEMS}
                """.replace("STEPS", steps).replace("ITEMS", range(ITERATIONS));
    }

    private static String range(int n) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            out.append(i == 0 ? "" : ",").append(i);
        }
        return out.append("]").toString();
    }

    @Test
    void firstPaintOfABigInstancePage(TestNamespace ns) throws Exception {
        Assumptions.assumeTrue(ConsoleBrowser.installed(), "no chromium: controller-tests/browser/install.sh");
        ns.apply(workflow());
        Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            var st = ns.instance("paint-1").getStatus();
            return st != null && st.phase == InstancePhase.Running && st.steps.stream().anyMatch(s -> s.foreach != null && s.foreach.total != null);
        });
        String token = ConsoleUsers.user(ns.client(), ns.name(), "bench", ConsoleUsers.OPERATE);
        List<Double> page = new ArrayList<>();
        List<Double> iterations = new ArrayList<>();
        try (ConsoleBrowser browser = new ConsoleBrowser(ns.operator().port(), ns.file("."))) {
            browser.open("/instances/" + ns.name() + "/paint-1", token);
            for (int run = 0; run < RUNS; run++) {
                browser.driver().navigate().refresh();
                page.add(mark(browser, "baton-instance-painted"));
                browser.until(d -> browser.all(".graph[data-depth='0'] > .node").size() == STEPS + 1);
                browser.one("[data-expand='big']").click();
                double clicked = ((Number) browser.driver().executeScript("return performance.now()")).doubleValue();
                iterations.add(mark(browser, "baton-iterations-painted") - clicked);
            }
            browser.screenshot("paint-bench");
        }
        Collections.sort(page);
        Collections.sort(iterations);
        var st = ns.instance("paint-1").getStatus();
        String result = String.format(java.util.Locale.ROOT, "{\"scenario\": \"console-first-paint\", \"steps\": %d, \"iterations\": %d,"
                        + " \"runs\": %d, \"firstPaintMs\": {\"median\": %.0f, \"min\": %.0f, \"max\": %.0f},"
                        + " \"expandForeachMs\": {\"median\": %.0f, \"min\": %.0f, \"max\": %.0f}, \"foreachAtMeasure\": \"%s\"}%n",
                STEPS + 1, ITERATIONS, RUNS, page.get(RUNS / 2), page.get(0), page.get(RUNS - 1), iterations.get(RUNS / 2), iterations.get(0),
                iterations.get(RUNS - 1), st.steps.stream().filter(s -> s.foreach != null).findFirst().map(s -> s.foreach.nextIndex + " created")
                        .orElse(""));
        System.out.println("[bench] " + result);
        Path out = ns.file("bench/results/" + LocalDate.now() + "-console.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, result);
    }

    /** Milliseconds from navigation start to the performance mark, waiting for it to be set. */
    private static double mark(ConsoleBrowser browser, String name) {
        Object v = browser.until(d -> browser.driver().executeScript(
                "const m = performance.getEntriesByName(arguments[0]); return m.length ? m[m.length - 1].startTime : null;", name));
        browser.driver().executeScript("performance.clearMarks(arguments[0])", name);
        return ((Number) v).doubleValue();
    }
}
