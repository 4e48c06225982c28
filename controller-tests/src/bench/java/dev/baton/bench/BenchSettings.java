package dev.baton.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What to run, from the environment that controller-tests/bench/run.sh passes on. QUICK=1 shrinks every
 * scenario (and RUNS defaults to 1) for development; its results go to a separate file.
 */
record BenchSettings(Path kubeconfig, Path app, Path out, Path work, List<String> scenarios, int runs, boolean quick,
                     boolean profile, Path argoScript, int bigIterations, String tag, boolean warmup) {
    static final List<String> ALL = List.of("raw-jobs", "raw-pods", "burst", "burst-pod", "fanout", "fanout-pod", "chain",
            "chain-pod", "bigforeach", "signals", "collect");
    /**
     * Baton's default executor (Job) and `executor: Pod` side by side: a Job needs kube-controller-manager to
     * create its pod and track it, and that controller's client rate limit caps Jobs on a small cluster.
     */
    static final String DEFAULT = String.join(" ", ALL);

    static BenchSettings fromEnvironment() {
        boolean quick = "1".equals(env("QUICK", "0"));
        List<String> scenarios = new ArrayList<>(Arrays.asList(env("SCENARIOS", DEFAULT).trim().split("[ ,]+")));
        for (String s : scenarios) {
            if (!ALL.contains(s)) {
                throw new IllegalArgumentException("unknown scenario " + s + "; known: " + String.join(" ", ALL));
            }
        }
        String argo = env("ARGO", "1").equals("0") ? null : env("BATON_BENCH_ARGO", "");
        return new BenchSettings(Path.of(env("BATON_BENCH_KUBECONFIG", null)), Path.of(env("BATON_BENCH_APP", null)),
                Path.of(env("BATON_BENCH_OUT", null)), Path.of(env("BATON_BENCH_WORK", null)), scenarios,
                Integer.parseInt(env("RUNS", quick ? "1" : "3")), quick, "1".equals(env("PROFILE", "0")),
                argo == null || argo.isEmpty() ? null : Path.of(argo),
                Integer.parseInt(env("BIG_ITERATIONS", quick ? "2000" : "100000")), env("TAG", quick ? "quick" : ""),
                "1".equals(env("WARMUP", quick ? "0" : "1")));
    }

    /** Steps of burst and fan-out (and objects of the raw limit). */
    int steps() {
        return quick ? 200 : 1000;
    }

    /** Concurrency of the fan-out's foreach. */
    int fanoutConcurrency() {
        return quick ? 50 : 200;
    }

    /** The scenarios to run, sized for the mode, in the order given. */
    List<Scenario> build() {
        int n = steps();
        List<Scenario> out = new ArrayList<>();
        for (String s : scenarios) {
            out.add(switch (s) {
                case "raw-jobs" -> new RawLimitScenario(n, true);
                case "raw-pods" -> new RawLimitScenario(n, false);
                case "burst" -> new BurstScenario(n, "Job");
                case "burst-pod" -> new BurstScenario(n, "Pod");
                case "fanout" -> new FanoutScenario(n, fanoutConcurrency(), "Job");
                case "fanout-pod" -> new FanoutScenario(n, fanoutConcurrency(), "Pod");
                case "chain" -> new ChainScenario(quick ? 20 : 100, 10, "Job");
                case "chain-pod" -> new ChainScenario(quick ? 20 : 100, 10, "Pod");
                case "bigforeach" -> new BigForeachScenario(bigIterations, 200);
                case "signals" -> new SignalsScenario(quick ? 20 : 100, quick ? 1_000 : 10_000, quick ? 5 : 20);
                case "collect" -> new CollectScenario(quick ? 1_000 : 10_000, 20, 10);
                default -> throw new IllegalArgumentException(s);
            });
        }
        return out;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        if (v == null || v.isEmpty()) {
            if (fallback == null) {
                throw new IllegalStateException(name + " is not set (run controller-tests/bench/run.sh)");
            }
            return fallback;
        }
        return v;
    }
}
