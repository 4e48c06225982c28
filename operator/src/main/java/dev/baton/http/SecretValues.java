package dev.baton.http;

import dev.baton.engine.HttpResult;
import dev.baton.engine.model.SecretRef;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Reads one key of a Secret for a header the operator sends (http steps, notifications). Never logged. */
@ApplicationScoped
public class SecretValues {
    private final KubernetesClient client;

    public SecretValues(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Puts each secret header's value into {@code headers}. Returns null, or the failure to record instead of sending:
     * the Secret or its key missing, or the operator not allowed to read Secrets. {@code field} names where a header
     * was declared, for the message.
     */
    public HttpResult addHeaders(String namespace, Map<String, SecretRef> secretHeaders, Map<String, String> headers,
                                 UnaryOperator<String> field, Instant now) {
        for (Map.Entry<String, SecretRef> h : secretHeaders.entrySet()) {
            String value;
            try {
                value = read(namespace, h.getValue());
            } catch (RuntimeException e) {
                if (e instanceof KubernetesClientException k && k.getCode() == 403) {
                    return HttpResult.failed(HttpResult.Kind.Invalid, field.apply(h.getKey()) + ": the operator may not read"
                            + " Secrets (Helm value http.secretHeaders: true grants it)", now);
                }
                return HttpResult.failed(HttpResult.Kind.ConnectionError, "cannot read " + h.getValue() + " for header " + h.getKey() + ": "
                        + (e instanceof KubernetesClientException k ? k.getCode() : e.getClass().getSimpleName()), now);
            }
            if (value == null) {
                return HttpResult.failed(HttpResult.Kind.Invalid, field.apply(h.getKey()) + ": " + h.getValue()
                        + " does not exist in namespace " + namespace, now);
            }
            headers.put(h.getKey(), value);
        }
        return null;
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
