package dev.baton.client;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Holds every API request back to the {@link TokenBucket}'s rate, and counts requests by verb and
 * resource so the writes per step (and how many of them are Events) can be read off the operator's own
 * metrics.
 *
 * <p>Watches are long-lived streams, not load, and are let through (client-go limits only their start,
 * which the informers' backoff already spaces out). A request issued from a Vert.x event-loop thread is
 * never parked: blocking the loop would stall every other response.
 */
final class RateLimitInterceptor implements Interceptor {
    static final String REQUESTS = "baton.client.requests";
    static final String THROTTLED = "baton.client.throttle";
    private final TokenBucket bucket;
    private final MeterRegistry registry;
    private final Timer throttled;
    /** One counter per verb and resource, looked up once: this runs on every request. */
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();

    RateLimitInterceptor(TokenBucket bucket, MeterRegistry registry) {
        this.bucket = bucket;
        this.registry = registry;
        this.throttled = Timer.builder(THROTTLED)
                .description("Time API requests waited for the client-side rate limit (BATON_CLIENT_QPS/BURST)")
                .register(registry);
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        String verb = verb(request);
        String resource = resource(request);
        requests.computeIfAbsent(verb + " " + resource, k -> Counter.builder(REQUESTS)
                .description("API requests the operator sent, by verb and resource")
                .tag("verb", verb).tag("resource", resource).register(registry)).increment();
        if (bucket == null || verb.equals("watch") || Context.isOnEventLoopThread()) {
            return;
        }
        long waitNanos = bucket.take();
        if (waitNanos > 0) {
            LockSupport.parkNanos(waitNanos);
            throttled.record(Duration.ofNanos(waitNanos));
        }
    }

    /**
     * The resource of a request's path, with its subresource ("pods", "workflowinstances/status"); the
     * API group is left out, as no two of the resources Baton touches share a name.
     */
    static String resource(HttpRequest request) {
        String[] parts = request.uri().getRawPath().replaceAll("^/+|/+$", "").split("/");
        int i = parts.length > 0 && parts[0].equals("api") ? 2 : 3; // api/v1/... or apis/group/version/...
        if (parts.length > i + 2 && parts[i].equals("namespaces")) {
            i += 2;
        }
        if (parts.length <= i) {
            return "";
        }
        return parts.length > i + 2 ? parts[i] + "/" + parts[i + 2] : parts[i];
    }

    /** The Kubernetes verb: GET splits into get, list and watch by the URL, as the API server's audit does. */
    static String verb(HttpRequest request) {
        String method = request.method().toUpperCase(Locale.ROOT);
        String query = request.uri().getRawQuery();
        return switch (method) {
            case "GET" -> query != null && query.contains("watch=true") ? "watch" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> method.toLowerCase(Locale.ROOT);
        };
    }
}
