package dev.baton.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Argo Workflows' figures for the same scenarios, from controller-tests/bench/argo/run.sh SCENARIO KUBECONFIG,
 * which prints one JSON object per run (RUNS of them) for COUNT steps, fan-out at PARALLELISM. Absent
 * script → no Argo column. Its steps per second are read from the numeric field named like stepsPerSecond
 * (stepsPerSecond, steps_per_second, ...).
 */
final class ArgoSide {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path script;
    private final Path kubeconfig;
    private final Path log;

    ArgoSide(Path script, Path kubeconfig, Path log) {
        this.script = script;
        this.kubeconfig = kubeconfig;
        this.log = log;
    }

    boolean available() {
        return script != null && Files.isRegularFile(script);
    }

    /** {@code runs} runs of a scenario (burst or fanout) of {@code steps} steps: Argo's JSON objects. */
    List<Map<String, Object>> run(String scenario, int runs, int steps, int parallelism) throws Exception {
        Path out = Files.createTempFile("argo-" + scenario, ".json");
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), scenario, kubeconfig.toString())
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            // Only the sizes: the rest of the bench's environment (QUICK, PROFILE, ...) is not Argo's.
            pb.environment().keySet().removeIf(k -> k.startsWith("BATON_BENCH_") || k.startsWith("BENCH_")
                    || k.equals("QUICK") || k.equals("PROFILE") || k.equals("SCENARIOS"));
            pb.environment().put("RUNS", String.valueOf(runs));
            pb.environment().put("COUNT", String.valueOf(steps));
            pb.environment().put("PARALLELISM", String.valueOf(parallelism));
            Process p = pb.start();
            if (!p.waitFor(30L * runs + 30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("argo " + scenario + " did not end within 60 min; see " + log);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("argo " + scenario + " exited with " + p.exitValue() + "; see " + log);
            }
            List<Map<String, Object>> results = new ArrayList<>();
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                if (line.trim().startsWith("{")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> result = JSON.readValue(line.trim(), LinkedHashMap.class);
                    results.add(result);
                }
            }
            if (results.isEmpty()) {
                throw new IllegalStateException("argo " + scenario + " printed no JSON object; see " + log);
            }
            return results;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static Double stepsPerSecond(Map<String, Object> result) {
        for (Map.Entry<String, Object> e : result.entrySet()) {
            String key = e.getKey().toLowerCase().replaceAll("[^a-z]", "");
            if (key.equals("stepspersecond") && e.getValue() instanceof Number n) {
                return n.doubleValue();
            }
        }
        return null;
    }
}
