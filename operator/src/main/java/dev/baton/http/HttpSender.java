package dev.baton.http;

import dev.baton.engine.HttpResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends one request and reads its answer, blocking the calling worker thread (never a reconcile thread):
 * every address, the first and each redirect's, is checked against the {@link DestinationPolicy} before
 * it is called; redirects are followed here, at most a bounded number; the body is read up to a limit
 * and cut there; the whole exchange, body included, ends at the timeout.
 */
public final class HttpSender {
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    /**
     * @param secretHeaders names of headers whose values come from a Secret: dropped when a redirect leaves
     *                      the origin (scheme, host and port) they were meant for
     */
    public record Request(String method, URI url, Map<String, String> headers, Set<String> secretHeaders, String body,
                          Duration timeout) {
    }

    private final HttpClient client;
    private final DestinationPolicy policy;
    private final int maxBody;
    private final int maxRedirects;
    private final ScheduledExecutorService watchdog;
    private final Clock clock;

    public HttpSender(HttpClient client, DestinationPolicy policy, int maxBody, int maxRedirects,
                      ScheduledExecutorService watchdog, Clock clock) {
        this.client = client;
        this.policy = policy;
        this.maxBody = maxBody;
        this.maxRedirects = maxRedirects;
        this.watchdog = watchdog;
        this.clock = clock;
    }

    public HttpResult send(Request request) {
        Instant deadline = clock.instant().plus(request.timeout());
        URI url = request.url();
        String method = request.method();
        String body = request.body();
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        try {
            for (int hop = 0; ; hop++) {
                String refusal = policy.refusal(url);
                if (refusal != null) {
                    return HttpResult.failed(HttpResult.Kind.Refused, (hop == 0 ? "" : "redirect " + hop + " to " + url + ": ") + refusal, clock.instant());
                }
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    return timeout(request);
                }
                HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(left)
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
                headers.forEach(b::header);
                HttpResponse<InputStream> response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                var location = response.headers().firstValue("location");
                if (REDIRECTS.contains(status) && location.isPresent()) {
                    response.body().close();
                    if (hop >= maxRedirects) {
                        return HttpResult.failed(HttpResult.Kind.Invalid, "more than " + maxRedirects + " redirects", clock.instant());
                    }
                    URI next = url.resolve(location.get());
                    if (!sameOrigin(url, next)) {
                        request.secretHeaders().forEach(headers::remove);
                    }
                    if (status == 303 || (status == 301 || status == 302) && !method.equals("GET") && !method.equals("HEAD")) {
                        method = "GET";
                        body = null;
                        headers.keySet().removeIf(h -> h.equalsIgnoreCase("Content-Type"));
                    }
                    url = next;
                    continue;
                }
                return read(response, deadline);
            }
        } catch (HttpTimeoutException e) {
            return timeout(request);
        } catch (IllegalArgumentException e) {
            // A header value the client refuses (a newline in it): said without the value, which may be secret.
            return HttpResult.failed(HttpResult.Kind.Invalid, "the request cannot be sent: " + firstLine(e), clock.instant());
        } catch (IOException e) {
            if (clock.instant().isAfter(deadline)) {
                return timeout(request);
            }
            return HttpResult.failed(HttpResult.Kind.ConnectionError, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HttpResult.failed(HttpResult.Kind.ConnectionError, "interrupted: the operator is stopping", clock.instant());
        }
    }

    /** Reads the body up to the limit; a server that trickles it past the deadline gets its stream closed. */
    private HttpResult read(HttpResponse<InputStream> response, Instant deadline) throws IOException {
        long millis = Math.max(1, Duration.between(clock.instant(), deadline).toMillis());
        byte[] bytes;
        try (InputStream in = response.body()) {
            ScheduledFuture<?> stop = watchdog.schedule(() -> close(in), millis, TimeUnit.MILLISECONDS);
            try {
                bytes = in.readNBytes(maxBody + 1);
            } finally {
                stop.cancel(false);
            }
        }
        boolean truncated = bytes.length > maxBody;
        String text = new String(bytes, 0, Math.min(bytes.length, maxBody), StandardCharsets.UTF_8);
        Map<String, String> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        headers.remove(":status");
        return new HttpResult(HttpResult.Kind.Response, response.statusCode(), headers, text, truncated, null, clock.instant());
    }

    private HttpResult timeout(Request request) {
        return HttpResult.failed(HttpResult.Kind.Timeout, "no complete response within " + request.timeout().toSeconds() + "s",
                clock.instant());
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is all we want
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && DestinationPolicy.port(a) == DestinationPolicy.port(b);
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // The JDK names the header, and sometimes quotes its value: keep the name only.
        int quote = m.indexOf('"');
        return quote > 0 ? m.substring(0, quote).strip() : List.of(m.split("\n")).get(0);
    }
}
