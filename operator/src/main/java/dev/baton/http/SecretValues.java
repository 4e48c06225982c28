package dev.baton.http;

import dev.baton.engine.model.SecretRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads one key of a Secret for a header the operator sends (http steps, notifications). Never logged. */
@ApplicationScoped
public class SecretValues {
    private final KubernetesClient client;

    public SecretValues(KubernetesClient client) {
        this.client = client;
    }

    /** The key's value without surrounding whitespace, or null when the Secret or the key does not exist. */
    public String read(String namespace, SecretRef ref) {
        Secret secret = client.secrets().inNamespace(namespace).withName(ref.name()).get();
        if (secret == null) {
            return null;
        }
        if (secret.getData() != null && secret.getData().get(ref.key()) != null) {
            return new String(Base64.getDecoder().decode(secret.getData().get(ref.key())), StandardCharsets.UTF_8).strip();
        }
        return secret.getStringData() == null ? null : secret.getStringData().get(ref.key());
    }
}
