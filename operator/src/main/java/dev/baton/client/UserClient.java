package dev.baton.client;

import io.fabric8.kubernetes.client.KubernetesClient;

/** The client the console sends a user's requests with, impersonating that user: see KubernetesClientProducer.userClient. */
public record UserClient(KubernetesClient client) {
}
