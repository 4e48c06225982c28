package dev.baton.client;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LeaseFenceTest {
    private static final String LEASE = "/apis/coordination.k8s.io/v1/namespaces/baton/leases/baton-leader";
    private static final String STATUS = "/apis/baton.dev/v1alpha1/namespaces/team/workflowinstances/i/status";
    private final AtomicLong now = new AtomicLong();
    private final LeaseFence fence = new LeaseFence("baton", Duration.ofSeconds(7), now::get);

    @Test
    void aReplicaThatNeverHeldTheLeaseWritesNothingButReadsAndCampaigns() {
        assertRefused("PATCH", STATUS);
        assertRefused("POST", "/apis/batch/v1/namespaces/team/jobs");
        assertSent("GET", STATUS);
        assertSent("POST", "/apis/coordination.k8s.io/v1/namespaces/baton/leases");
        assertSent("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"); // JOSDK's start-up check
    }

    @Test
    void writesWithinTheRenewDeadlineOfTheLastRenewalSentAndRefusedPastIt() {
        renew(200);
        now.addAndGet(Duration.ofMillis(6_900).toNanos());
        assertSent("DELETE", "/api/v1/namespaces/team/pods/p");
        now.addAndGet(Duration.ofMillis(100).toNanos()); // 7 s since the renewal was sent, whenever it was answered
        assertRefused("PATCH", STATUS);
        assertRefused("POST", "/api/v1/namespaces/team/events");
        renew(200);
        assertSent("PATCH", STATUS);
    }

    @Test
    void aRefusedRenewalExtendsNothing() {
        renew(200);
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        renew(409); // another replica took the Lease
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertRefused("PATCH", STATUS);
    }

    private void renew(int code) {
        HttpRequest patch = request("PATCH", LEASE);
        fence.before(null, patch, null);
        fence.after(patch, response(code, patch), null);
    }

    private void assertSent(String method, String path) {
        assertThatCode(() -> fence.before(null, request(method, path), null)).as("%s %s", method, path).doesNotThrowAnyException();
    }

    private void assertRefused(String method, String path) {
        assertThatThrownBy(() -> fence.before(null, request(method, path), null)).as("%s %s", method, path)
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("leader Lease");
    }

    private static HttpRequest request(String method, String path) {
        return new StandardHttpRequest.Builder().uri(URI.create("https://127.0.0.1:6443" + path))
                .method(method, "application/json", "").build();
    }

    private static HttpResponse<Void> response(int code, HttpRequest request) {
        return new HttpResponse<>() {
            @Override
            public int code() {
                return code;
            }

            @Override
            public Void body() {
                return null;
            }

            @Override
            public HttpRequest request() {
                return request;
            }

            @Override
            public Optional<HttpResponse<?>> previousResponse() {
                return Optional.empty();
            }

            @Override
            public List<String> headers(String key) {
                return List.of();
            }

            @Override
            public Map<String, List<String>> headers() {
                return Map.of();
            }
        };
    }
}
