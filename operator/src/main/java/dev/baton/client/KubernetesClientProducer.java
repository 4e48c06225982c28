package dev.baton.client;

import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The operator's one Kubernetes client: Quarkus's (same Config and serialization), with the client-side
 * rate limit and request counts of {@link RateLimitInterceptor} and, with leader election, the {@link LeaseFence}
 * that keeps a leader whose hold may have lapsed from writing. Replaces Quarkus's default bean, so the
 * operator SDK's informers and the reconcilers share it.
 */
public class KubernetesClientProducer {
    @Produces
    @Singleton
    KubernetesClient kubernetesClient(KubernetesSerialization serialization, Config config, ClientLimits limits,
            LeaderElectionSettings election, MeterRegistry registry) {
        LeaseFence fence = election.enabled() ? new LeaseFence(election.leaseNamespace().orElse(config.getNamespace()),
                Duration.ofSeconds(election.renewDeadlineSeconds()), System::nanoTime) : null;
        return build(serialization, config, limits, registry, fence);
    }

    /**
     * The client for requests sent as a console user (impersonated): the same settings and its own rate limit, but no
     * LeaseFence. A user's action is the user's write, as with kubectl, not one the operator planned from its caches,
     * so a standby replica (the console Service sends browsers to every replica) sends it as readily as the leader.
     */
    @Produces
    @Singleton
    UserClient userClient(KubernetesSerialization serialization, Config config, ClientLimits limits, MeterRegistry registry) {
        return new UserClient(build(serialization, config, limits, registry, null));
    }

    private static KubernetesClient build(KubernetesSerialization serialization, Config config, ClientLimits limits, MeterRegistry registry,
            LeaseFence fence) {
        TokenBucket bucket = limits.qps() > 0 ? new TokenBucket(limits.qps(), limits.burst(), System::nanoTime) : null;
        RateLimitInterceptor interceptor = new RateLimitInterceptor(bucket, registry);
        registerKinds(serialization);
        return new KubernetesClientBuilder()
                .withKubernetesSerialization(serialization)
                .withConfig(config)
                .withHttpClientBuilderConsumer(builder -> {
                    builder.addOrReplaceInterceptor("baton-rate-limit", interceptor);
                    if (fence != null) {
                        builder.addOrReplaceInterceptor("baton-lease-fence", fence);
                    }
                })
                .build();
    }

    /**
     * Teaches the watch decoder Baton's kinds. A watch event's object is decoded by its apiVersion and
     * kind; an unknown kind becomes a GenericKubernetesResource that Fabric8 then converts to the
     * informer's class (serialize and parse again): 15% of the operator's watch decoding in a burst profile.
     */
    static void registerKinds(KubernetesSerialization serialization) {
        serialization.registerKubernetesResource(WorkflowInstance.class);
        serialization.registerKubernetesResource(Workflow.class);
    }

    void close(@Disposes KubernetesClient client) {
        client.close();
    }

    void close(@Disposes UserClient users) {
        users.client().close();
    }
}
