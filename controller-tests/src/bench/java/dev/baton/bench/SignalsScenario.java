package dev.baton.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * signals: {@code workflows} signal-triggered Workflows (each listens for a name of its own) and as many
 * instances whose step waits for a signal of its own name, then a signal for some of each, one at a time:
 * how long from the signal's creation to the triggered instance's creation (fire) and to the waiting
 * instance's end (wake). Measured first with no other signal in the namespace, then again after
 * {@code noise} signals of other names were created, with what creating those cost the operator. The
 * informers' indexes by signal name are what keep the second figures equal to the first: a reconcile
 * reads only the signals of the names it listens for, and a new signal wakes only who listens for it.
 */
final class SignalsScenario implements Scenario {
    private static final ResourceDefinitionContext SIGNALS = new ResourceDefinitionContext.Builder().withGroup("baton.dev")
            .withVersion("v1alpha1").withPlural("signals").withKind("Signal").withNamespaced(true).build();
    private static final int CREATORS = 16;
    private final int workflows;
    private final int noise;
    private final int fires;

    SignalsScenario(int workflows, int noise, int fires) {
        this.workflows = workflows;
        this.noise = noise;
        this.fires = fires;
    }

    @Override
    public String name() {
        return "signals";
    }

    @Override
    public String description() {
        return workflows + " signal-triggered workflows and " + workflows + " waiting steps, " + fires
                + " fires and wakes each before and after " + noise + " signals of other names";
    }

    @Override
    public int steps() {
        return 4 * fires;
    }

    @Override
    public boolean usesOperator() {
        return true;
    }

    @Override
    public Map<String, Double> run(Context c) throws Exception {
        KubernetesClient client = c.client();
        String ns = c.namespace();
        for (int k = 0; k < workflows; k++) {
            BatonResources.createWorkflow(client, ns, triggered(k));
            BatonResources.createWorkflow(client, ns, waiting(k));
        }
        awaitTriggersSeen(client, ns);
        try (Seen seen = new Seen(client, ns)) {
            for (int k = 0; k < workflows; k++) {
                BatonResources.instances(client).inNamespace(ns).resource(BatonResources.instance("waiter-" + k + "-1", "waiter-" + k)).create();
            }
            seen.awaitWaiting(workflows);
            List<Long> fireBefore = new ArrayList<>();
            List<Long> wakeBefore = new ArrayList<>();
            for (int i = 0; i < fires; i++) {
                fireBefore.add(fire(client, ns, seen, i));
                wakeBefore.add(wake(client, ns, seen, i));
            }
            double cpu = c.operator().cpuSeconds();
            long start = System.currentTimeMillis();
            createNoise(client, ns);
            double noiseSeconds = (System.currentTimeMillis() - start) / 1000.0;
            Thread.sleep(5_000); // let the operator take in the last of them
            double noiseCpu = c.operator().cpuSeconds() - cpu;
            List<Long> fireAfter = new ArrayList<>();
            List<Long> wakeAfter = new ArrayList<>();
            for (int i = fires; i < 2 * fires; i++) {
                fireAfter.add(fire(client, ns, seen, i));
                wakeAfter.add(wake(client, ns, seen, i));
            }
            Map<String, Double> f = new LinkedHashMap<>();
            f.put("fireMsP50Alone", Percentiles.of(fireBefore, 0.5));
            f.put("fireMsP50With" + noise + "Signals", Percentiles.of(fireAfter, 0.5));
            f.put("fireMsMaxWith" + noise + "Signals", Percentiles.of(fireAfter, 1.0));
            f.put("wakeMsP50Alone", Percentiles.of(wakeBefore, 0.5));
            f.put("wakeMsP50With" + noise + "Signals", Percentiles.of(wakeAfter, 0.5));
            f.put("wakeMsMaxWith" + noise + "Signals", Percentiles.of(wakeAfter, 1.0));
            f.put("noiseSignalsPerSecond", noise / noiseSeconds);
            f.put("operatorCpuSecondsPer1000NoiseSignals", noiseCpu * 1000 / noise);
            f.put("benchWrites", 2.0 * workflows + workflows + noise + 4.0 * fires);
            return f;
        }
    }

    /** Signal go-k; milliseconds until workflow listener-k's instance exists. */
    private long fire(KubernetesClient client, String ns, Seen seen, int i) throws InterruptedException {
        int k = i % workflows;
        long t0 = System.currentTimeMillis();
        createSignal(client, ns, "go-" + k + "-" + i, "go-" + k);
        return seen.awaitStarted("listener-" + k, i / workflows + 1) - t0;
    }

    /** Signal wake-k; milliseconds until waiter-k's instance, whose step waited for it, has ended. */
    private long wake(KubernetesClient client, String ns, Seen seen, int i) throws InterruptedException {
        int k = i % workflows;
        if (i >= workflows) {
            throw new IllegalStateException("more wakes than waiting instances");
        }
        long t0 = System.currentTimeMillis();
        createSignal(client, ns, "wake-" + k, "wake-" + k);
        return seen.awaitEnded("waiter-" + k + "-1") - t0;
    }

    private void createNoise(KubernetesClient client, String ns) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CREATORS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int j = 0; j < noise; j++) {
                int n = j;
                done.add(pool.submit(() -> createSignal(client, ns, "noise-" + n, "noise-" + (n % 100))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void createSignal(KubernetesClient client, String ns, String object, String name) {
        client.genericKubernetesResources(SIGNALS).inNamespace(ns).resource(Serialization.unmarshal("""
                apiVersion: baton.dev/v1alpha1
                kind: Signal
                metadata: {name: %s}
                spec: {name: %s, params: {n: 1}}
                """.formatted(object, name), GenericKubernetesResource.class)).create();
    }

    private static String triggered(int k) {
        return """
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: listener-%d}
                spec:
                  runStrategy: {type: Parallel, concurrency: 100}
                  triggers:
                    signals: [{name: on-go, signals: [{name: go-%d}]}]
                  steps: [{name: a, noop: {}}]
                """.formatted(k, k);
    }

    private static String waiting(int k) {
        return """
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: waiter-%d}
                spec:
                  steps: [{name: a, waitForSignals: [{name: wake-%d}], noop: {}}]
                """.formatted(k, k);
    }

    @SuppressWarnings("unchecked")
    private void awaitTriggersSeen(KubernetesClient client, String ns) throws InterruptedException {
        var workflowsOp = client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("baton.dev")
                .withVersion("v1alpha1").withPlural("workflows").withKind("Workflow").withNamespaced(true).build()).inNamespace(ns);
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            long seen = workflowsOp.list().getItems().stream().filter(w -> w.getMetadata().getName().startsWith("listener-"))
                    .filter(w -> w.getAdditionalProperties().get("status") instanceof Map<?, ?> s && s.get("triggers") != null).count();
            if (seen == workflows) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the operator did not take in the triggers of " + workflows + " workflows in 120 s");
    }

    /** Instances as a watch shows them: when each workflow's n-th instance appeared, when each instance ended or began to wait. */
    private static final class Seen implements AutoCloseable {
        private final SharedIndexInformer<GenericKubernetesResource> informer;
        private final Map<String, List<Long>> startedByWorkflow = new ConcurrentHashMap<>();
        private final Map<String, Long> ended = new ConcurrentHashMap<>();
        private final Map<String, Long> waiting = new ConcurrentHashMap<>();

        Seen(KubernetesClient client, String ns) {
            informer = BatonResources.instances(client).inNamespace(ns).inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(GenericKubernetesResource r) {
                    long now = System.currentTimeMillis();
                    Object spec = r.getAdditionalProperties().get("spec");
                    if (spec instanceof Map<?, ?> s && s.get("workflowRef") instanceof Map<?, ?> ref) {
                        startedByWorkflow.computeIfAbsent(String.valueOf(ref.get("name")), x -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(now);
                    }
                    update(r, now);
                }

                @Override
                public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource r) {
                    update(r, System.currentTimeMillis());
                }

                @Override
                public void onDelete(GenericKubernetesResource r, boolean unknown) {
                }
            });
        }

        private void update(GenericKubernetesResource r, long now) {
            String name = r.getMetadata().getName();
            if (BatonResources.TERMINAL.contains(BatonResources.phase(r))) {
                ended.putIfAbsent(name, now);
            }
            if (r.getAdditionalProperties().get("status") instanceof Map<?, ?> s && s.get("steps") instanceof List<?> steps
                    && !steps.isEmpty() && steps.get(0) instanceof Map<?, ?> step && "WaitingForSignal".equals(step.get("phase"))) {
                waiting.putIfAbsent(name, now);
            }
        }

        void awaitWaiting(int count) throws InterruptedException {
            await(() -> waiting.size() >= count, count + " instances waiting for their signal");
        }

        long awaitStarted(String workflow, int nth) throws InterruptedException {
            await(() -> startedByWorkflow.getOrDefault(workflow, List.of()).size() >= nth, workflow + "'s instance " + nth);
            return startedByWorkflow.get(workflow).get(nth - 1);
        }

        long awaitEnded(String instance) throws InterruptedException {
            await(() -> ended.containsKey(instance), instance + "'s end");
            return ended.get(instance);
        }

        private static void await(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 120_000;
            while (!done.getAsBoolean()) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("no " + what + " within 120 s");
                }
                Thread.sleep(5);
            }
        }

        @Override
        public void close() {
            informer.close();
        }
    }
}
