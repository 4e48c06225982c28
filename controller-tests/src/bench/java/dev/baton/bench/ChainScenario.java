package dev.baton.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * chain: concurrent instances of a linear chain of container steps → launch delay per step (dependency's
 * pod done → next Job created), p50 and p99, measured from watch events (see {@link LaunchDelays}). The
 * operator's reconcile time (its histogram's p50 and p99 bucket bounds) is reported beside it: the part of
 * the delay spent in the reconcile itself. (The operator's own launch-delay histogram cannot help here:
 * the times it is computed from, in status and in the pods, have whole seconds.)
 */
final class ChainScenario implements Scenario {
    private static final String HISTOGRAM = "baton_reconcile_seconds";
    private final int instances;
    private final int length;
    private final String executor;

    ChainScenario(int instances, int length, String executor) {
        this.instances = instances;
        this.length = length;
        this.executor = executor;
    }

    @Override
    public String name() {
        return "Job".equals(executor) ? "chain" : "chain-pod";
    }

    @Override
    public String description() {
        return instances + " concurrent instances of a " + length + "-step chain (executor " + executor + ")";
    }

    @Override
    public int steps() {
        return instances * length;
    }

    @Override
    public boolean usesOperator() {
        return true;
    }

    @Override
    public Map<String, Double> run(Context c) throws Exception {
        BatonResources.createWorkflow(c.client(), c.namespace(), Workflows.chain("chain", length, executor, instances));
        TreeMap<Double, Double> histogramBefore = Percentiles.buckets(c.operator().metrics(), HISTOGRAM);
        try (InstanceWatch watch = new InstanceWatch(c.client(), c.namespace(), null);
             LaunchDelays delays = new LaunchDelays(c.client(), c.namespace(), executor)) {
            long start = System.currentTimeMillis();
            List<String> names = BatonResources.createInstances(c.client(), c.namespace(), "chain", "chain", instances);
            long end = watch.awaitEnded(instances, Duration.ofMinutes(20));
            List<Long> samples = delays.chainDelays(names, length);
            TreeMap<Double, Double> histogramAfter = Percentiles.buckets(c.operator().metrics(), HISTOGRAM);
            Map<String, Double> f = new LinkedHashMap<>();
            f.put("launchDelayP50Ms", Percentiles.of(samples, 0.50));
            f.put("launchDelayP99Ms", Percentiles.of(samples, 0.99));
            f.put("launchDelayMaxMs", Percentiles.of(samples, 1.0));
            f.put("launchDelaySamples", (double) samples.size());
            f.put("reconcileP50Ms", 1000 * Percentiles.fromBuckets(histogramBefore, histogramAfter, 0.50));
            f.put("reconcileP99Ms", 1000 * Percentiles.fromBuckets(histogramBefore, histogramAfter, 0.99));
            f.put("stepsPerSecond", steps() * 1000.0 / (end - start));
            f.put("wallSeconds", (end - start) / 1000.0);
            f.put("unsuccessful", (double) watch.unsuccessful());
            f.put("benchWrites", instances + 1.0);
            return f;
        }
    }
}
