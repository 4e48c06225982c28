package dev.baton.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * big foreach: one foreach of many noop iterations (run in the operator, no pod) → wall time, the
 * operator's peak heap and RSS, the peak number of iteration instances alive and the largest object
 * seen. Sampled once a second (heap from /q/metrics, RSS from /proc), so peaks are sampled peaks.
 * Object sizes are their JSON as the API serves it, managedFields included, which is how etcd stores
 * custom resources.
 */
final class BigForeachScenario implements Scenario {
    private static final long TIMEOUT_MS = 3 * 60 * 60 * 1000L;
    private final int iterations;
    private final int concurrency;

    BigForeachScenario(int iterations, int concurrency) {
        this.iterations = iterations;
        this.concurrency = concurrency;
    }

    @Override
    public String name() {
        return "bigforeach";
    }

    @Override
    public String description() {
        return "one foreach of " + iterations + " noop iterations, concurrency " + concurrency + ", retention 0";
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
        BatonResources.createWorkflow(c.client(), c.namespace(), Workflows.noopForeach("big", iterations, concurrency));
        var instances = BatonResources.instances(c.client()).inNamespace(c.namespace());
        long start = System.currentTimeMillis();
        BatonResources.createInstances(c.client(), c.namespace(), "big", "big", 1);
        long peakChildren = 0, peakHeap = 0, peakRss = 0, largest = 0, largestParent = 0;
        String phase = "";
        while (!BatonResources.TERMINAL.contains(phase)) {
            if (System.currentTimeMillis() - start > TIMEOUT_MS) {
                throw new IllegalStateException("big foreach not done within " + TIMEOUT_MS / 60000 + " min");
            }
            Thread.sleep(1000);
            GenericKubernetesResource parent = instances.withName("big-0").get();
            phase = BatonResources.phase(parent);
            largestParent = Math.max(largestParent, size(parent));
            List<GenericKubernetesResource> children = instances.withLabel("baton.dev/parent", "big-0").list().getItems();
            peakChildren = Math.max(peakChildren, children.size());
            for (GenericKubernetesResource child : children) {
                largest = Math.max(largest, size(child));
            }
            peakHeap = Math.max(peakHeap, c.operator().heapUsedBytes());
            peakRss = Math.max(peakRss, c.operator().rssBytes());
        }
        long end = System.currentTimeMillis();
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("wallSeconds", (end - start) / 1000.0);
        f.put("stepsPerSecond", iterations * 1000.0 / (end - start));
        f.put("peakHeapMiB", peakHeap / 1048576.0);
        f.put("peakRssMiB", peakRss / 1048576.0);
        f.put("peakChildInstances", (double) peakChildren);
        f.put("largestObjectKiB", Math.max(largest, largestParent) / 1024.0);
        f.put("parentObjectKiB", largestParent / 1024.0);
        f.put("unsuccessful", "Succeeded".equals(phase) ? 0.0 : 1.0);
        f.put("benchWrites", 2.0);
        return f;
    }

    private static long size(GenericKubernetesResource r) {
        return r == null ? 0 : Serialization.asJson(r).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
