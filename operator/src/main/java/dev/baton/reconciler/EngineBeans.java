package dev.baton.reconciler;

import dev.baton.engine.Expressions;
import dev.baton.engine.Planner;
import dev.baton.engine.WorkflowCompiler;
import dev.baton.executor.JobStepExecutor;
import dev.baton.executor.ManagedKinds;
import dev.baton.executor.ResourceKindSettings;
import dev.baton.executor.ResourceManifestChecks;
import dev.baton.executor.ResourceStepObjects;
import dev.baton.executor.PodPolicy;
import dev.baton.executor.PodPolicySettings;
import dev.baton.executor.PodStepExecutor;
import dev.baton.executor.StepImages;
import dev.baton.executor.StepPodChecks;
import dev.baton.executor.StepPodFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires the plain-Java engine and executor classes into the Quarkus application. */
public class EngineBeans {
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    Expressions expressions() {
        return new Expressions();
    }

    @Produces
    @Singleton
    Planner planner(Expressions expressions) {
        return new Planner(expressions);
    }

    @Produces
    @Singleton
    WorkflowCompiler workflowCompiler(Expressions expressions, ManagedKinds kinds) {
        return new WorkflowCompiler(expressions, new ResourceManifestChecks(new StepPodChecks(), kinds));
    }

    @Produces
    @Singleton
    ManagedKinds managedKinds(ResourceKindSettings settings) {
        return ManagedKinds.of(settings);
    }

    @Produces
    @Singleton
    ResourceStepObjects resourceStepObjects(KubernetesClient client, ManagedKinds kinds) {
        return new ResourceStepObjects(client, kinds);
    }

    @Produces
    @Singleton
    PodPolicyCheck podPolicy(PodPolicySettings settings, NamespaceOptIns optIns) {
        return new PodPolicyCheck(PodPolicy.of(settings), optIns::optedIn);
    }

    @Produces
    @Singleton
    StepPodFactory stepPodFactory(StepImages images) {
        return new StepPodFactory(images);
    }

    @Produces
    @Singleton
    JobStepExecutor jobs(KubernetesClient client, StepPodFactory pods) {
        return new JobStepExecutor(client, pods);
    }

    @Produces
    @Singleton
    PodStepExecutor pods(KubernetesClient client, StepPodFactory pods) {
        return new PodStepExecutor(client, pods);
    }
}
