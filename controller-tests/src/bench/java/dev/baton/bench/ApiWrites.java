package dev.baton.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Write requests the API server served, by verb and resource, from its {@code apiserver_request_total}
 * counter. The counter covers every client (operator, kube-controller-manager, scheduler, kwok, the bench
 * itself), which is the point: a step costs the cluster all the writes it causes, not only the operator's.
 */
final class ApiWrites {
    /** APPLY is server-side apply; WATCH, GET and LIST are reads. */
    private static final Set<String> WRITE_VERBS = Set.of("POST", "PUT", "PATCH", "APPLY", "DELETE", "DELETECOLLECTION");

    private ApiWrites() {
    }

    /** Counts so far, keyed "VERB resource[/subresource] (group)", the group left out for the core API. */
    static Map<String, Double> snapshot(KubernetesClient client) {
        Map<String, Double> out = new TreeMap<>();
        for (PrometheusSamples.Sample s : PrometheusSamples.parse(client.raw("/metrics")).named("apiserver_request_total")) {
            if (WRITE_VERBS.contains(s.label("verb")) && !s.label("resource").isEmpty()) {
                String sub = s.label("subresource");
                String group = s.label("group");
                out.merge(s.label("verb") + " " + s.label("resource") + (sub.isEmpty() ? "" : "/" + sub)
                        + (group.isEmpty() ? "" : " (" + group + ")"), s.value(), Double::sum);
            }
        }
        return out;
    }

    /** after − before, keeping only keys that changed. */
    static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> out = new TreeMap<>();
        after.forEach((k, v) -> {
            double d = v - before.getOrDefault(k, 0.0);
            if (d > 0) {
                out.put(k, d);
            }
        });
        return out;
    }
}
