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
 * button (its time taken in the page) to the frame after its first page of iterations was rendered; and first
 * paint of the instance list over 10,000 instances. Prints the figures and writes bench/results/DATE-console-*.json; it
 * asserts nothing about time (not a timed test), and its name keeps it out of make test.
 */
@ExtendWith(BatonCluster.class)
class ConsolePaintBench {
    static final int STEPS = 199;
    static final int ITERATIONS = Integer.getInteger("baton.bench.iterations", 10_000);
    static final int RUNS = 7;
    static final int LISTED = Integer.getInteger("baton.bench.instances", 10_000);

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
                // The click's time is taken in the page, by a listener that runs before the console's own.
                browser.driver().executeScript("document.addEventListener('click', () => { window.batonClickedAt = performance.now(); },"
                        + " {capture: true, once: true})");
                browser.one("[data-expand='big']").click();
                double painted = mark(browser, "baton-iterations-painted");
                iterations.add(painted - ((Number) browser.driver().executeScript("return window.batonClickedAt")).doubleValue());
            }
            browser.screenshot("paint-bench");
        }
        Collections.sort(page);
        Collections.sort(iterations);
        var st = ns.instance("paint-1").getStatus();
        String result = String.format(java.util.Locale.ROOT, "{\"scenario\": \"console-instance-page\", \"steps\": %d, \"iterations\": %d,"
                        + " \"runs\": %d, \"firstPaintMs\": %s, \"expandForeachMs\": %s, \"foreachAtMeasure\": \"%s\", \"loadAverage\": \"%s\"}%n",
                STEPS + 1, ITERATIONS, RUNS, figures(page), figures(iterations),
                st.steps.stream().filter(s -> s.foreach != null).findFirst().map(s -> s.foreach.nextIndex + " created").orElse(""), loadAverage());
        write(ns, "instance-page", result);
    }

    /**
     * 10,000 ended instances in one namespace: first paint of the instance list (its first 50 rows of all
     * 10,000), and of the list filtered by workflow, phase and label (5,000 match), each a fresh navigation.
     */
    @Test
    void firstPaintOfTheInstanceListAtTenThousandInstances(TestNamespace ns) throws Exception {
        Assumptions.assumeTrue(ConsoleBrowser.installed(), "no chromium: controller-tests/browser/install.sh");
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: listed}
                spec:
                  runStrategy: {type: Parallel, concurrency: 500}
                  steps: [{name: one, noop: {}}]
                """);
        long started = System.nanoTime();
        var instances = ns.client().resources(dev.baton.api.WorkflowInstance.class).inNamespace(ns.name());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<?>> created = new ArrayList<>();
            for (int i = 0; i < LISTED; i++) {
                String yaml = String.format(java.util.Locale.ROOT, "{\"apiVersion\": \"baton.dev/v1alpha1\", \"kind\": \"WorkflowInstance\","
                        + " \"metadata\": {\"name\": \"listed-%05d\", \"labels\": {\"batch\": \"%s\"}}, \"spec\": {\"workflowRef\": {\"name\": \"listed\"}}}",
                        i, i % 2 == 0 ? "even" : "odd");
                created.add(pool.submit(() -> instances.load(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .create()));
            }
            for (var f : created) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double createSeconds = (System.nanoTime() - started) / 1e9;
        Awaitility.await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(5)).until(() -> instances.list().getItems().stream()
                .filter(i -> i.getStatus() != null && i.getStatus().phase != null && i.getStatus().phase.terminal()).count() == LISTED);
        double endSeconds = (System.nanoTime() - started) / 1e9;
        String token = ConsoleUsers.user(ns.client(), ns.name(), "bench", ConsoleUsers.VIEW);
        List<Double> all = new ArrayList<>();
        List<Double> filtered = new ArrayList<>();
        String filter = "/instances?namespace=" + ns.name() + "&workflow=listed&phase=Succeeded&label=batch%3Deven";
        try (ConsoleBrowser browser = new ConsoleBrowser(ns.operator().port(), ns.file("."))) {
            browser.open("/instances?namespace=" + ns.name(), token);
            for (int run = 0; run < RUNS; run++) {
                browser.driver().navigate().refresh();
                all.add(mark(browser, "baton-instances-painted"));
                browser.until(d -> browser.all("#instances tbody tr").size() == 50
                        && d.findElement(org.openqa.selenium.By.tagName("body")).getText().contains(LISTED + " matching instances"));
            }
            browser.screenshot("list-bench");
            browser.open(filter, null);
            for (int run = 0; run < RUNS; run++) {
                browser.driver().navigate().refresh();
                filtered.add(mark(browser, "baton-instances-painted"));
                browser.until(d -> browser.all("#instances tbody tr").size() == 50
                        && d.findElement(org.openqa.selenium.By.tagName("body")).getText().contains(LISTED / 2 + " matching instances"));
            }
        }
        Collections.sort(all);
        Collections.sort(filtered);
        String result = String.format(java.util.Locale.ROOT, "{\"scenario\": \"console-instance-list\", \"instances\": %d, \"runs\": %d,"
                        + " \"firstPaintMs\": %s, \"filteredFirstPaintMs\": %s, \"createSeconds\": %.1f, \"allEndedSeconds\": %.1f,"
                        + " \"loadAverage\": \"%s\"}%n", LISTED, RUNS, figures(all), figures(filtered), createSeconds, endSeconds, loadAverage());
        write(ns, "instance-list", result);
    }

    private static String figures(List<Double> sorted) {
        return String.format(java.util.Locale.ROOT, "{\"median\": %.0f, \"min\": %.0f, \"max\": %.0f}", sorted.get(sorted.size() / 2), sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    private static String loadAverage() throws java.io.IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    private static void write(TestNamespace ns, String scenario, String result) throws java.io.IOException {
        System.out.println("[bench] " + result);
        Path out = ns.file("bench/results/" + LocalDate.now() + "-console-" + scenario + ".json");
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
