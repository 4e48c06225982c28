package dev.baton.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * collect: {@code ended} finished instances whose ttl passes at about the same moment (after a long
 * downtime, a whole backlog is due at once) are collected at the operator's delete rate, while running
 * work goes on: the launch delay of a chain run before the ttl passes and of the same chain run while the
 * backlog is being deleted, side by side, and the rate the backlog drained at.
 */
final class CollectScenario implements Scenario {
    /** Long enough for the 'before' chain to run before any of the backlog is due. */
    private static final Duration TTL = Duration.ofSeconds(120);
    private final int ended;
    private final int chains;
    private final int length;

    CollectScenario(int ended, int chains, int length) {
        this.ended = ended;
        this.chains = chains;
        this.length = length;
    }

    @Override
    public String name() {
        return "collect";
    }

    @Override
    public String description() {
        return ended + " ended instances collected by their ttl, and launch delays of " + chains + " chains of " + length
                + " steps before and during the collection";
    }

    @Override
    public int steps() {
        return ended + 2 * chains * length;
    }

    @Override
    public boolean usesOperator() {
        return true;
    }

    @Override
    public Map<String, Double> run(Context c) throws Exception {
        BatonResources.createWorkflow(c.client(), c.namespace(), """
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: old}
                spec:
                  runStrategy: {type: Parallel, concurrency: 100000}
                  ttl: {afterCompletion: %ds}
                  steps: [{name: a, noop: {}}]
                """.formatted(TTL.toSeconds()));
        try (InstanceWatch watch = new InstanceWatch(c.client(), c.namespace(), null)) {
            long created = System.currentTimeMillis();
            BatonResources.createInstances(c.client(), c.namespace(), "old", "old", ended);
            watch.awaitEnded(ended, Duration.ofMinutes(20));
            long allEnded = System.currentTimeMillis();
            ScenarioRunner.log("collect: " + ended + " instances ended in " + (allEnded - created) / 1000 + " s");
            Map<String, Double> f = new LinkedHashMap<>();
            Map<String, Double> before = chain(c, "before");
            // The backlog is due TTL after each ended: wait for the first deletes, then measure under them.
            long dueFrom = created + TTL.toMillis();
            Thread.sleep(Math.max(0, dueFrom - System.currentTimeMillis()) + 5_000);
            long atStart = watch.present("old-");
            long during = System.currentTimeMillis();
            Map<String, Double> under = chain(c, "during");
            long afterChain = watch.present("old-");
            long chainEnd = System.currentTimeMillis();
            f.put("launchDelayP50MsBefore", before.get("p50"));
            f.put("launchDelayP50MsDuringCollection", under.get("p50"));
            f.put("launchDelayP99MsBefore", before.get("p99"));
            f.put("launchDelayP99MsDuringCollection", under.get("p99"));
            f.put("deletedWhileChainRan", (double) (atStart - afterChain));
            f.put("collectedPerSecond", (atStart - afterChain) * 1000.0 / Math.max(1, chainEnd - during));
            long deadline = System.currentTimeMillis() + Duration.ofMinutes(30).toMillis();
            long left = afterChain;
            while (left > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(1_000);
                left = watch.present("old-");
            }
            f.put("endedInstancesLeft", (double) left);
            f.put("secondsUntilAllCollected", (System.currentTimeMillis() - dueFrom) / 1000.0);
            f.put("benchWrites", ended + 2.0 * chains + 2);
            return f;
        }
    }

    /** Runs {@code chains} instances of a chain and returns its launch delays' p50 and p99 in ms. */
    private Map<String, Double> chain(Context c, String tag) throws Exception {
        String workflow = "chain-" + tag;
        BatonResources.createWorkflow(c.client(), c.namespace(), Workflows.chain(workflow, length, "Job", chains));
        try (InstanceWatch watch = new InstanceWatch(c.client(), c.namespace(), null);
             LaunchDelays delays = new LaunchDelays(c.client(), c.namespace(), "Job")) {
            List<String> names = BatonResources.createInstances(c.client(), c.namespace(), workflow, workflow, chains);
            for (String n : names) {
                watch.awaitEndedNamed(n, Duration.ofMinutes(10));
            }
            List<Long> samples = delays.chainDelays(names, length);
            return Map.of("p50", Percentiles.of(samples, 0.50), "p99", Percentiles.of(samples, 0.99));
        }
    }
}
