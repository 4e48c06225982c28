package dev.baton.client;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Refuses the operator's writes to namespaced objects unless this process renewed the leader Lease within the renew
 * deadline. Another replica takes the Lease only once it has gone unrenewed for the (longer) lease duration, so a
 * leader that was frozen (a stopped JVM, a stalled VM, a long GC pause) cannot, on waking, send what it planned from
 * its stale caches before it notices the Lease is gone: its reconcile threads wake as early as its renew thread.
 * Only the Lease itself, and requests outside namespaces (JOSDK's access reviews at start-up), pass unrenewed. The
 * clock is monotonic: it goes on while the process is stopped.
 */
final class LeaseFence implements Interceptor {
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** The path of the namespace's Leases: creating ours, or renewing it, is how a hold starts. */
    private final String leases;
    private final long deadlineNanos;
    private final LongSupplier nanoTime;
    /** When the Lease write in flight was sent (one renew loop sends them, one at a time). */
    private volatile long sent;
    /** When the last Lease write that succeeded was sent; the Lease's renewTime says about the same. */
    private volatile long renewed;
    private volatile boolean held;

    LeaseFence(String leaseNamespace, Duration renewDeadline, LongSupplier nanoTime) {
        this.leases = "/apis/coordination.k8s.io/v1/namespaces/" + leaseNamespace + "/leases";
        this.deadlineNanos = renewDeadline.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        if (!WRITES.contains(request.method().toUpperCase(Locale.ROOT))) {
            return;
        }
        String path = request.uri().getRawPath();
        if (path.startsWith(leases)) {
            sent = nanoTime.getAsLong();
        } else if (path.contains("/namespaces/") && !holds()) {
            throw new KubernetesClientException("not sent: " + request.method() + " " + path + ": this replica has not renewed the "
                    + "leader Lease within its renew deadline, another may lead now");
        }
    }

    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        if (response.isSuccessful() && WRITES.contains(request.method().toUpperCase(Locale.ROOT))
                && request.uri().getRawPath().startsWith(leases)) {
            renewed = sent;
            held = true;
        }
    }

    boolean holds() {
        return held && nanoTime.getAsLong() - renewed < deadlineNanos;
    }
}
