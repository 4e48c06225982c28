package dev.baton.reconciler;

import dev.baton.engine.Expressions;
import dev.baton.engine.Planner;
import dev.baton.engine.WorkflowCompiler;
import dev.baton.executor.JobStepExecutor;
import dev.baton.executor.PodStepExecutor;
import dev.baton.executor.StepExecutor;
import dev.baton.executor.StepImages;
import dev.baton.executor.StepPodChecks;
import dev.baton.executor.StepPodFactory;
import dev.baton.http.HttpCalls;
import dev.baton.http.HttpClientPool;
import dev.baton.http.HttpSettings;
import dev.baton.http.SecretValues;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;

/**
 * The instance controller's beans wired by hand, as {@link EngineBeans} and CDI wire them in the operator,
 * around a given client and clock: no Quarkus, no JOSDK runtime. Only the Event writer runs a thread;
 * {@link #close()} stops it.
 */
final class ReconcilerBeans implements AutoCloseable {
    /** The operator's defaults (application.properties), but fast enough that no test waits on them. */
    private static final StepImages IMAGES = new StepImages() {
        @Override
        public String bashImage() {
            return "debian:bookworm-slim";
        }

        @Override
        public String pythonImage() {
            return "python:3.12-slim";
        }

        @Override
        public String sqlImage() {
            return "localhost/baton/step-sql:bookworm-1";
        }

        @Override
        public String notebookImage() {
            return "localhost/baton/step-notebook:bookworm-1";
        }

        @Override
        public long runAsUser() {
            return 1000;
        }
    };
    private static final EventRecorder.Settings EVENT_RATE = new EventRecorder.Settings() {
        @Override
        public double perSecond() {
            return 1_000;
        }

        @Override
        public int burst() {
            return 1_000;
        }
    };

    /** No destination allowed: these tests send no request. */
    private static final HttpSettings HTTP = new HttpSettings() {
        @Override
        public java.util.Optional<java.util.List<String>> allow() {
            return java.util.Optional.empty();
        }

        @Override
        public int concurrency() {
            return 1;
        }

        @Override
        public int maxResponseBytes() {
            return 1024;
        }

        @Override
        public int maxRedirects() {
            return 0;
        }
    };

    final InstanceIndex index = new InstanceIndex();
    final EventRecorder events;
    final WorkflowInstanceReconciler reconciler;

    ReconcilerBeans(KubernetesClient client, Clock clock, InMemoryInstanceCache cache) {
        index.register(cache);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Expressions expressions = new Expressions();
        WorkflowRevisions revisions = new WorkflowRevisions(client, new WorkflowCompiler(expressions, new StepPodChecks()));
        InstanceMetrics metrics = new InstanceMetrics(registry, index, clock);
        StepBudget budget = new StepBudget(index);
        PermitCache permitCache = new PermitCache();
        HttpClientPool pool = new HttpClientPool(HTTP, client, clock);
        HttpCalls httpCalls = new HttpCalls(pool, new SecretValues(client), clock);
        InstanceObserver observer = new InstanceObserver(new InstanceSetup(revisions, PodPolicyCheck.OFF, index), new RunStrategyGate(index, metrics),
                budget, client, new WaitingSteps(), new dev.baton.executor.ResourceStepObjects(client, dev.baton.executor.ManagedKinds.NONE), permitCache, httpCalls);
        StepPodFactory pods = new StepPodFactory(IMAGES);
        StepLauncher launcher = new StepLauncher(new ListedBeans<StepExecutor>(new JobStepExecutor(client, pods),
                new PodStepExecutor(client, pods)), () -> 1_000, new dev.baton.executor.ResourceStepObjects(client, dev.baton.executor.ManagedKinds.NONE));
        events = new EventRecorder(client, clock, EVENT_RATE, registry);
        events.start();
        InstanceNotifier notifier = new InstanceNotifier(pool, new SecretValues(client), httpCalls, events, registry, clock);
        InstanceActuator actuator = new InstanceActuator(revisions, launcher, events, new ChildInstances(client),
                new SignalEmitter(client, events), httpCalls);
        reconciler = new WorkflowInstanceReconciler(observer, new InstancePlanner(new Planner(expressions)), actuator,
                new StatusWriter(metrics, budget, notifier), index, new PlanningLocks(), metrics, events, clock, new WaitingSteps(),
                new InstanceCollector(client, () -> 1_000), dev.baton.executor.ManagedKinds.NONE,
                new PermitAsks(new PermitLedger(client, permitCache), permitCache), httpCalls, notifier);
    }

    @Override
    public void close() {
        events.stop();
    }
}
