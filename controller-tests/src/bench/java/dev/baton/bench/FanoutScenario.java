package dev.baton.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** fanout: one instance whose foreach runs a one-container-step body many times → steps per second. */
final class FanoutScenario implements Scenario {
    private final int iterations;
    private final int concurrency;
    private final String executor;

    FanoutScenario(int iterations, int concurrency, String executor) {
        this.iterations = iterations;
        this.concurrency = concurrency;
        this.executor = executor;
    }

    @Override
    public String name() {
        return "Job".equals(executor) ? "fanout" : "fanout-pod";
    }

    @Override
    public String description() {
        return "one foreach of " + iterations + " iterations, concurrency " + concurrency + ", body one container step (executor "
                + executor + ")";
    }

    @Override
    public int steps() {
        return iterations;
    }

    @Override
    public boolean usesOperator() {
        return true;
    }

    @Override
    public Map<String, Double> run(Context c) throws Exception {
        BatonResources.createWorkflow(c.client(), c.namespace(), Workflows.fanout("fanout", iterations, concurrency, executor));
        try (InstanceWatch watch = new InstanceWatch(c.client(), c.namespace(), "fanout-0")) {
            long start = System.currentTimeMillis();
            List<String> created = BatonResources.createInstances(c.client(), c.namespace(), "fanout", "fanout", 1);
            long end = watch.awaitEnded(created.size(), Duration.ofMinutes(20));
            Map<String, Double> f = new LinkedHashMap<>();
            f.put("stepsPerSecond", iterations * 1000.0 / (end - start));
            f.put("wallSeconds", (end - start) / 1000.0);
            f.put("unsuccessful", (double) watch.unsuccessful());
            f.put("benchWrites", 2.0);
            return f;
        }
    }
}
