package dev.baton.http;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * The one HTTP client of the operator's own requests, its destination policy, and the bounded pool of
 * worker threads that send them ({@link HttpSettings#concurrency()} at once; more wait in its queue).
 *
 * <p>Why workers that block rather than the client's sendAsync alone: each request first resolves its
 * host and checks every address, may read a Secret, and follows redirects one by one with a check before
 * each; done on a worker, all of it stays off the reconcile threads and the pool's size bounds it all.
 */
@ApplicationScoped
public class HttpClientPool {
    private static final Logger LOG = Logger.getLogger(HttpClientPool.class);
    private final ExecutorService workers;
    private final ScheduledExecutorService watchdog;
    private final HttpSender sender;

    public HttpClientPool(HttpSettings settings, KubernetesClient kubernetes, Clock clock) {
        List<String> allow = settings.allow().orElse(List.of());
        DestinationPolicy.validate(allow);
        DestinationPolicy policy = new DestinationPolicy(allow, apiServer(kubernetes), host -> List.of(InetAddress.getAllByName(host)));
        this.workers = Executors.newFixedThreadPool(Math.max(1, settings.concurrency()), named("baton-http-"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(named("baton-http-watchdog-"));
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        this.sender = new HttpSender(client, policy, settings.maxResponseBytes(), settings.maxRedirects(), watchdog, clock);
        LOG.infof("http steps and notifications may call: %s", allow.isEmpty() ? "nothing (http.allow is empty)" : String.join(", ", allow));
    }

    public HttpSender sender() {
        return sender;
    }

    /** Runs a task on the workers (a notification's delivery). */
    public void execute(Runnable task) {
        workers.execute(task);
    }

    /** The addresses of the API server: its in-cluster Service and the one the operator's client talks to. */
    private static List<InetAddress> apiServer(KubernetesClient kubernetes) {
        List<InetAddress> out = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        String service = System.getenv("KUBERNETES_SERVICE_HOST");
        if (service != null && !service.isBlank()) {
            hosts.add(service);
        }
        try {
            hosts.add(URI.create(kubernetes.getMasterUrl().toString()).getHost());
        } catch (RuntimeException e) {
            LOG.debugf("no API server URL: %s", e.toString());
        }
        for (String host : hosts) {
            try {
                out.addAll(List.of(InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)));
            } catch (UnknownHostException e) {
                LOG.warnf("cannot resolve the API server host %s: it is refused by name only", host);
            }
        }
        return out;
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
        watchdog.shutdownNow();
    }
}
