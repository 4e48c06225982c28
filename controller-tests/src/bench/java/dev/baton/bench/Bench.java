package dev.baton.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `make bench`: runs the scenarios of issue 7 against the local kwok cluster and the packaged operator,
 * then Argo's equivalents when controller-tests/bench/argo/run.sh exists, prints a table and writes
 * bench/results/<date>.json. Started by controller-tests/bench/run.sh, which passes the settings.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) {
        int status = 1;
        try {
            run();
            status = 0;
        } catch (Throwable e) {
            e.printStackTrace();
        }
        // The Fabric8 client's Vert.x threads are not daemons and can outlive its close.
        System.exit(status);
    }

    private static void run() throws Exception {
        BenchSettings settings = BenchSettings.fromEnvironment();
        Config config = Config.fromKubeconfig(Files.readString(settings.kubeconfig()));
        Results results = new Results();
        Map<String, Object> environment = new LinkedHashMap<>();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            environment.put("startedAt", Instant.now().toString());
            environment.put("kubernetes", client.getKubernetesVersion().getGitVersion());
            environment.put("cpus", Runtime.getRuntime().availableProcessors());
            environment.put("java", System.getProperty("java.version"));
            environment.put("commit", System.getenv().getOrDefault("BATON_BENCH_COMMIT", ""));
            // The tree's HEAD need not be what was built: the operator's jars are named by their hash.
            environment.put("operatorApp", System.getenv().getOrDefault("BATON_BENCH_OPERATOR", ""));
            // The machine may be shared: its load says how much of the 2 cores the bench really had.
            environment.put("loadAverageAtStart", Files.readString(Path.of("/proc/loadavg")).trim());
            Path file = settings.out().resolve(LocalDate.now(ZoneOffset.UTC) + (settings.tag().isEmpty() ? "" : "-" + settings.tag()) + ".json");
            ScenarioRunner runner = new ScenarioRunner(settings, client, OperatorKubeconfig.write(client, settings.work()));
            for (Scenario s : settings.build()) {
                ScenarioRunner.log("scenario " + s.name() + ": " + s.description() + ", " + settings.runs() + " run(s)");
                results.scenarios.put(s.name(), new Results.ScenarioResult(s.description(), s.steps(), runner.runAll(s)));
                Report.write(results, settings, file, environment); // an interrupted bench keeps what it measured
            }
            runArgo(settings, results);
            environment.put("endedAt", Instant.now().toString());
            environment.put("loadAverageAtEnd", Files.readString(Path.of("/proc/loadavg")).trim());
            Report.print(results, settings, System.out);
            Report.write(results, settings, file, environment);
            System.out.println("\nwritten " + file);
        }
    }

    /** Argo's burst and fanout, back to back with Baton's on the same cluster, when its script exists. */
    private static void runArgo(BenchSettings settings, Results results) {
        ArgoSide argo = new ArgoSide(settings.argoScript(), settings.kubeconfig(), settings.work().resolve("argo.log"));
        if (!argo.available()) {
            ScenarioRunner.log(settings.argoScript() == null ? "Argo skipped (ARGO=0)"
                    : "no Argo script at " + settings.argoScript() + ": Baton figures only");
            return;
        }
        for (String scenario : List.of("burst", "fanout")) {
            if (!settings.scenarios().contains(scenario) && !settings.scenarios().contains(scenario + "-pod")) {
                continue;
            }
            try {
                List<Map<String, Object>> runs = argo.run(scenario, settings.runs(), settings.steps(), settings.fanoutConcurrency());
                runs.forEach(run -> ScenarioRunner.log("argo " + scenario + ": " + run));
                results.argo.put(scenario, runs);
            } catch (Exception e) {
                ScenarioRunner.log("argo " + scenario + " failed: " + e.getMessage());
            }
        }
    }
}
