package dev.baton.http;

import dev.baton.engine.HttpResult;
import dev.baton.engine.HttpResults;
import dev.baton.engine.Plan;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * The http steps' calls of this operator process: each attempt's call is sent once (a plan that asks
 * again for a call already sent changes nothing), on a bounded pool of workers, never on the reconcile
 * thread; its result is kept in memory, keyed by instance uid, step and attempt, and its end wakes the
 * instance. A result is dropped {@link #KEEP} after it came (its instance has read it long before).
 *
 * <p>What a restarted operator does not know: the calls its predecessor had in flight. Their attempts
 * end as platform errors and are retried per the step's policy; every call carries
 * {@code Idempotency-Key: <instance uid>/<step>/<attempt>} so a receiver can tell a retry of the same
 * attempt (same key) from a new attempt (next number).
 */
@ApplicationScoped
public class HttpCalls {
    private static final Logger LOG = Logger.getLogger(HttpCalls.class);
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** How long a result stays after its call ended. */
    static final Duration KEEP = Duration.ofHours(1);

    private record Key(String uid, String step, int attempt) {
    }

    private final Map<Key, HttpResult> results = new ConcurrentHashMap<>();
    private final HttpClientPool pool;
    private final SecretValues secrets;
    private final Clock clock;
    private volatile BiConsumer<String, String> wake = (namespace, name) -> { };

    public HttpCalls(HttpClientPool pool, SecretValues secrets, Clock clock) {
        this.pool = pool;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Who is told (namespace, instance name) when a call of an instance ends: its controller's event source. */
    public void onDone(BiConsumer<String, String> wake) {
        this.wake = wake;
    }

    /** Wakes an instance, as a call's end does (a delivered notification). */
    public void wake(String namespace, String name) {
        wake.accept(namespace, name);
    }

    /** The results of one instance's calls, as the engine reads them. */
    public HttpResults of(String uid) {
        return (step, attempt) -> results.get(new Key(uid, step, attempt));
    }

    /** Sends the call unless this process sent it already. */
    public void send(String namespace, String name, String uid, Plan.Call call) {
        Key key = new Key(uid, call.step(), call.attempt());
        if (results.putIfAbsent(key, HttpResult.inFlight()) != null) {
            return;
        }
        forgetOld();
        pool.execute(() -> {
            HttpResult result;
            try {
                result = exchange(namespace, key, call);
            } catch (RuntimeException e) {
                LOG.warnf("http call of %s/%s step %s attempt %d failed: %s", namespace, name, call.step(), call.attempt(), e.toString());
                result = HttpResult.failed(HttpResult.Kind.ConnectionError, "the operator could not send it: " + e.getClass().getSimpleName(), clock.instant());
            }
            results.put(key, result);
            wake.accept(namespace, name);
        });
    }

    private HttpResult exchange(String namespace, Key key, Plan.Call call) {
        Map<String, String> headers = new LinkedHashMap<>();
        boolean keyed = call.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase(IDEMPOTENCY_KEY));
        if (!keyed) {
            headers.put(IDEMPOTENCY_KEY, key.uid() + "/" + key.step() + "/" + key.attempt());
        }
        headers.putAll(call.headers());
        HttpResult unreadable = secrets.addHeaders(namespace, call.secretHeaders(), headers, h -> "http.headers." + h, clock.instant());
        if (unreadable != null) {
            return unreadable;
        }
        return pool.sender().send(new HttpSender.Request(call.method(), URI.create(call.url()), headers,
                call.secretHeaders().keySet(), call.body(), call.timeout()));
    }

    private void forgetOld() {
        Instant before = clock.instant().minus(KEEP);
        results.values().removeIf(r -> r.end() != null && r.end().isBefore(before));
    }
}
