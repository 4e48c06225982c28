package dev.baton.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitInterceptorTest {
    @ParameterizedTest
    @CsvSource({
        "GET, /api/v1/namespaces/a/pods/p, get",
        "GET, /api/v1/namespaces/a/pods?labelSelector=x, get",
        "GET, /api/v1/namespaces/a/pods?resourceVersion=5&watch=true, watch",
        "POST, /apis/batch/v1/namespaces/a/jobs, create",
        "PUT, /api/v1/namespaces/a/pods/p, update",
        "PATCH, /apis/baton.dev/v1alpha1/namespaces/a/workflowinstances/i/status, patch",
        "DELETE, /api/v1/namespaces/a/pods/p, delete",
    })
    void namesTheKubernetesVerb(String method, String path, String verb) {
        assertThat(RateLimitInterceptor.verb(request(method, path))).isEqualTo(verb);
    }

    @ParameterizedTest
    @CsvSource({
        "/api/v1/namespaces/a/pods/p, pods",
        "/api/v1/namespaces/a/pods, pods",
        "/api/v1/pods, pods",
        "/api/v1/namespaces, namespaces",
        "/api/v1/namespaces/a, namespaces",
        "/api/v1/namespaces/a/events, events",
        "/apis/batch/v1/namespaces/a/jobs/j, jobs",
        "/apis/baton.dev/v1alpha1/namespaces/a/workflowinstances/i/status, workflowinstances/status",
        "/apis/baton.dev/v1alpha1/workflows, workflows",
        "/apis/coordination.k8s.io/v1/namespaces/a/leases/l, leases",
    })
    void namesTheResourceAndSubresource(String path, String resource) {
        assertThat(RateLimitInterceptor.resource(request("GET", path))).isEqualTo(resource);
    }

    @Test
    void countsEveryRequestAndLetsWatchesPastTheLimit() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TokenBucket bucket = new TokenBucket(1, 100, () -> 0L);
        RateLimitInterceptor interceptor = new RateLimitInterceptor(bucket, registry);
        interceptor.before(null, request("POST", "/api/v1/namespaces/a/pods"), null);
        interceptor.before(null, request("GET", "/api/v1/pods?watch=true"), null);
        assertThat(registry.get(RateLimitInterceptor.REQUESTS).tag("verb", "create").tag("resource", "pods").counter().count()).isEqualTo(1);
        assertThat(registry.get(RateLimitInterceptor.REQUESTS).tag("verb", "watch").counter().count()).isEqualTo(1);
        // One token of the 100 was taken: by the create, not the watch.
        long waits = 0;
        for (int i = 0; i < 99; i++) {
            waits += bucket.take();
        }
        assertThat(waits).isZero();
        assertThat(bucket.take()).isPositive();
    }

    private static HttpRequest request(String method, String path) {
        return new StandardHttpRequest.Builder().uri(URI.create("https://127.0.0.1:6443" + path))
                .method(method, "application/json", "").build();
    }
}
