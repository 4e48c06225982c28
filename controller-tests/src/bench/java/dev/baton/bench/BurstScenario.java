package dev.baton.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** burst: many one-step instances created at once → steps per second until the last one has ended. */
final class BurstScenario implements Scenario {
    private final int instances;
    private final String executor;

    BurstScenario(int instances, String executor) {
        this.instances = instances;
        this.executor = executor;
    }

    @Override
    public String name() {
        return "Job".equals(executor) ? "burst" : "burst-pod";
    }

    @Override
    public String description() {
        return instances + " one-step instances created at once (executor " + executor + ")";
    }

    @Override
    public int steps() {
        return instances;
    }

    @Override
    public boolean usesOperator() {
        return true;
    }

    @Override
    public Map<String, Double> run(Context c) throws Exception {
        BatonResources.createWorkflow(c.client(), c.namespace(), Workflows.oneStep("burst", executor, instances));
        try (InstanceWatch watch = new InstanceWatch(c.client(), c.namespace(), null)) {
            long start = System.currentTimeMillis();
            BatonResources.createInstances(c.client(), c.namespace(), "burst", "burst", instances);
            long created = System.currentTimeMillis();
            long end = watch.awaitEnded(instances, Duration.ofMinutes(20));
            Map<String, Double> f = new LinkedHashMap<>();
            f.put("stepsPerSecond", instances * 1000.0 / (end - start));
            f.put("wallSeconds", (end - start) / 1000.0);
            f.put("createSeconds", (created - start) / 1000.0);
            f.put("unsuccessful", (double) watch.unsuccessful());
            f.put("benchWrites", instances + 1.0);
            return f;
        }
    }
}
