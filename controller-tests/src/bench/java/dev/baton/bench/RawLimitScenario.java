package dev.baton.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * raw limit: the operator's Fabric8 client (same jars, default settings, as the operator builds it from
 * the kubeconfig) creating bare Jobs or Pods as fast as the API takes them, then waiting until every one
 * has completed → the most objects per second any operator can get through this cluster. No operator runs.
 */
final class RawLimitScenario implements Scenario {
    /**
     * Concurrent creates, as for instances: enough to keep the API server busy, few enough that no request
     * waits past the client's 10 s connection timeout for one of its pooled connections on a loaded machine.
     */
    private static final int CREATORS = 16;
    private final int objects;
    private final boolean jobs;

    RawLimitScenario(int objects, boolean jobs) {
        this.objects = objects;
        this.jobs = jobs;
    }

    @Override
    public String name() {
        return jobs ? "raw-jobs" : "raw-pods";
    }

    @Override
    public String description() {
        return objects + " bare " + (jobs ? "Jobs" : "Pods") + " created at once by a Fabric8 client, waited for (no operator)";
    }

    @Override
    public int steps() {
        return objects;
    }

    @Override
    public boolean usesOperator() {
        return false;
    }

    @Override
    public Map<String, Double> run(Context c) throws Exception {
        Map<String, Long> doneAt = new ConcurrentHashMap<>();
        SharedIndexInformer<?> informer = jobs
                ? c.client().batch().v1().jobs().inNamespace(c.namespace()).inform(recordWhen(doneAt, RawLimitScenario::complete))
                : c.client().pods().inNamespace(c.namespace()).inform(recordWhen(doneAt, RawLimitScenario::succeeded));
        ExecutorService pool = Executors.newFixedThreadPool(CREATORS);
        try {
            long start = System.currentTimeMillis();
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < objects; i++) {
                String name = "raw-" + i;
                creates.add(pool.submit(() -> jobs
                        ? c.client().batch().v1().jobs().inNamespace(c.namespace()).resource(job(name)).create()
                        : c.client().pods().inNamespace(c.namespace()).resource(pod(name)).create()));
            }
            for (Future<?> f : creates) {
                f.get();
            }
            long created = System.currentTimeMillis();
            long deadline = start + 20 * 60 * 1000L;
            while (doneAt.size() < objects) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(doneAt.size() + " of " + objects + " completed within 20 min");
                }
                Thread.sleep(20);
            }
            long end = doneAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            Map<String, Double> f = new LinkedHashMap<>();
            f.put("stepsPerSecond", objects * 1000.0 / (end - start));
            f.put("createsPerSecond", objects * 1000.0 / (created - start));
            f.put("wallSeconds", (end - start) / 1000.0);
            f.put("benchWrites", (double) objects);
            return f;
        } finally {
            pool.shutdown();
            informer.close();
        }
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> recordWhen(Map<String, Long> doneAt, Predicate<T> done) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T o) {
                onUpdate(null, o);
            }

            @Override
            public void onUpdate(T old, T o) {
                if (done.test(o)) {
                    doneAt.putIfAbsent(o.getMetadata().getName(), System.currentTimeMillis());
                }
            }

            @Override
            public void onDelete(T o, boolean unknown) {
            }
        };
    }

    /** A Job is done when its Complete condition is true: what a Job's user waits for. */
    private static boolean complete(Job job) {
        return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
                .anyMatch(cd -> "Complete".equals(cd.getType()) && "True".equals(cd.getStatus()));
    }

    private static boolean succeeded(Pod pod) {
        return pod.getStatus() != null && "Succeeded".equals(pod.getStatus().getPhase());
    }

    /** A step pod's shape: one container, no restarts (Baton's pods also carry labels and a security context). */
    private static PodSpec spec() {
        return new PodSpecBuilder().withRestartPolicy("Never")
                .addNewContainer().withName("main").withImage("busybox:1.36").endContainer().build();
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withSpec(spec()).build();
    }

    private static Job job(String name) {
        return new JobBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withBackoffLimit(0).withNewTemplate().withSpec(spec()).endTemplate().endSpec().build();
    }
}
