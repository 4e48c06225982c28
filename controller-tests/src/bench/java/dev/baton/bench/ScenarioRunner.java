package dev.baton.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a scenario RUNS times, each in a fresh namespace, around it the measurements every scenario shares:
 * API write requests per step (all clients) and operator CPU seconds per 1,000 steps. One operator process
 * serves all runs of a scenario (a fresh one per scenario, so a JFR profile covers one scenario).
 */
final class ScenarioRunner {
    /** Writes and CPU that trail a run's end (Job status, events, the last status patches) belong to it. */
    private static final long SETTLE_MS = 3000;
    private final BenchSettings settings;
    private final KubernetesClient client;
    private final Path operatorKubeconfig;

    ScenarioRunner(BenchSettings settings, KubernetesClient client, Path operatorKubeconfig) {
        this.settings = settings;
        this.client = client;
        this.operatorKubeconfig = operatorKubeconfig;
    }

    /**
     * One run's figures, its writes per step by "VERB resource" as the API server counted them (all
     * clients), and the operator's own by "verb resource" as its request counter has them.
     */
    record Run(Map<String, Double> figures, Map<String, Double> writesPerStep, Map<String, Double> operatorWritesPerStep) {
    }

    List<Run> runAll(Scenario scenario) throws Exception {
        List<Run> runs = new ArrayList<>();
        OperatorUnderTest operator = null;
        try {
            if (scenario.usesOperator()) {
                Path jfr = settings.profile() ? settings.work().resolve(scenario.name() + ".jfr") : null;
                operator = OperatorUnderTest.start(settings.app(), operatorKubeconfig,
                        settings.work().resolve("operator-" + scenario.name() + ".log"), jfr);
                log("operator pid " + operator.pid() + (jfr == null ? "" : ", profile " + jfr));
            }
            if (operator != null && settings.warmup() && !(scenario instanceof BigForeachScenario)) {
                // A fresh JVM spends its first tens of seconds compiling (JIT) on the same 2 cores: the
                // first run measured a cold operator (launch delay p99 ~2 s, ~2× the CPU per step), which
                // a long-running operator never is. One unmeasured run first, as JMH warms up.
                OperatorUnderTest warm = operator;
                inFreshNamespace("bench-" + scenario.name() + "-warmup",
                        namespace -> scenario.run(new Scenario.Context(client, namespace, warm)));
                log(scenario.name() + " warm-up run done (not measured)");
            }
            for (int i = 1; i <= settings.runs(); i++) {
                try {
                    Run run = runOnce(scenario, operator, "bench-" + scenario.name() + "-" + i);
                    log(scenario.name() + " run " + i + ": " + run.figures());
                    runs.add(run);
                } catch (Exception e) {
                    // One failed run (a timeout on a loaded machine) must not lose the others' figures.
                    log(scenario.name() + " run " + i + " FAILED: " + e);
                }
            }
        } finally {
            if (operator != null) {
                operator.close();
            }
        }
        return runs;
    }

    private Run runOnce(Scenario scenario, OperatorUnderTest operator, String name) throws Exception {
        return inFreshNamespace(name, namespace -> measure(scenario, operator, namespace));
    }

    private Run measure(Scenario scenario, OperatorUnderTest operator, String namespace) throws Exception {
        Map<String, Double> writesBefore = ApiWrites.snapshot(client);
        double cpuBefore = operator == null ? 0 : operator.cpuSeconds();
        Map<String, Double> ownBefore = operator == null ? Map.of() : operator.writes();
        OperatorUnderTest.EventBacklog eventsBefore = operator == null ? null : operator.eventBacklog();
        Map<String, Double> figures = new LinkedHashMap<>(scenario.run(new Scenario.Context(client, namespace, operator)));
        Thread.sleep(SETTLE_MS);
        Map<String, Double> writes = ApiWrites.delta(writesBefore, ApiWrites.snapshot(client));
        double total = writes.values().stream().mapToDouble(Double::doubleValue).sum();
        figures.put("apiWritesPerStep", total / scenario.steps());
        if (figures.containsKey("wallSeconds")) {
            figures.put("apiWritesPerSecond", total / (figures.get("wallSeconds") + SETTLE_MS / 1000.0));
        }
        Map<String, Double> ownPerStep = new TreeMap<>();
        if (operator != null) {
            figures.put("operatorCpuSecondsPer1000Steps", (operator.cpuSeconds() - cpuBefore) * 1000 / scenario.steps());
            Map<String, Double> own = ApiWrites.delta(ownBefore, operator.writes());
            // Events are written in the background at a bounded rate: those still queued at the end
            // belong to this run too (and those dropped never will be written).
            OperatorUnderTest.EventBacklog eventsAfter = operator.eventBacklog();
            own.merge("create events", eventsAfter.queued() - eventsBefore.queued(), Double::sum);
            double events = own.getOrDefault("create events", 0.0);
            figures.put("operatorEventsDroppedPerStep", (eventsAfter.dropped() - eventsBefore.dropped()) / scenario.steps());
            double all = own.values().stream().mapToDouble(Double::doubleValue).sum();
            figures.put("operatorWritesPerStep", all / scenario.steps());
            figures.put("operatorEventWritesPerStep", events / scenario.steps());
            own.forEach((k, v) -> ownPerStep.put(k, v / scenario.steps()));
        }
        Map<String, Double> perStep = new TreeMap<>();
        writes.forEach((k, v) -> perStep.put(k, v / scenario.steps()));
        return new Run(figures, perStep, ownPerStep);
    }

    private interface InNamespace<T> {
        T run(String namespace) throws Exception;
    }

    /** Runs {@code body} in a namespace of its own, deleted (and waited for) afterwards. */
    private <T> T inFreshNamespace(String name, InNamespace<T> body) throws Exception {
        createNamespace(name);
        try {
            return body.run(name);
        } finally {
            deleteNamespace(name);
        }
    }

    private void createNamespace(String name) throws InterruptedException {
        deleteNamespace(name); // a leftover of an interrupted bench
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        // The ServiceAccount admission plugin refuses pods until the namespace's default account exists.
        long deadline = System.currentTimeMillis() + 60_000;
        while (client.serviceAccounts().inNamespace(name).withName("default").get() == null) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no default ServiceAccount in " + name + " after 60 s");
            }
            Thread.sleep(100);
        }
    }

    /** Deletes the namespace and waits until it is gone, so the next run starts on a quiet cluster. */
    private void deleteNamespace(String name) throws InterruptedException {
        client.namespaces().withName(name).delete();
        long deadline = System.currentTimeMillis() + 10 * 60_000;
        while (client.namespaces().withName(name).get() != null) {
            if (System.currentTimeMillis() > deadline) {
                log("namespace " + name + " still terminating after 10 min; going on");
                return;
            }
            Thread.sleep(500);
        }
    }

    static void log(String message) {
        System.err.println("[bench] " + message);
    }
}
