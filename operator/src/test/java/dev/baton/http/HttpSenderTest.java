package dev.baton.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.engine.HttpResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One request against a server on 127.0.0.1: redirects checked hop by hop, bodies bounded, the timeout kept. */
class HttpSenderTest {
    private HttpServer server;
    private ScheduledExecutorService watchdog;
    private HttpSender sender;
    private String base;
    private final Map<String, String> seenAuthorization = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/ok", e -> reply(e, 200, "{\"n\": 1}"));
        server.createContext("/big", e -> reply(e, 200, "x".repeat(5_000)));
        server.createContext("/to-metadata", e -> redirect(e, "http://169.254.169.254/latest/meta-data/"));
        server.createContext("/to-other", e -> redirect(e, "http://127.0.0.2:" + server.getAddress().getPort() + "/ok"));
        server.createContext("/to-ok", e -> redirect(e, "/ok"));
        server.createContext("/loop", e -> redirect(e, "/loop"));
        server.createContext("/see-auth", e -> {
            seenAuthorization.put(e.getRequestURI().getPath(), String.valueOf(e.getRequestHeaders().getFirst("Authorization")));
            reply(e, 200, "");
        });
        server.createContext("/to-localhost", e -> redirect(e, "http://localhost:" + server.getAddress().getPort() + "/see-auth"));
        server.createContext("/slow", e -> {
            e.sendResponseHeaders(200, 0);
            try (OutputStream out = e.getResponseBody()) {
                for (int i = 0; i < 50; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (InterruptedException | IOException ignored) {
                // the client went away
            }
        });
        server.start();
        watchdog = Executors.newSingleThreadScheduledExecutor();
        DestinationPolicy policy = new DestinationPolicy(List.of("127.0.0.1", "localhost"), List.of(),
                host -> List.of(InetAddress.getAllByName(host)));
        sender = new HttpSender(HttpClient.newHttpClient(), policy, 1_000, 3, watchdog, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        server.stop(0);
        watchdog.shutdownNow();
    }

    private static void reply(HttpExchange e, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        e.getResponseHeaders().add("Content-Type", "application/json");
        e.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = e.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void redirect(HttpExchange e, String location) throws IOException {
        e.getResponseHeaders().add("Location", location);
        e.sendResponseHeaders(302, -1);
        e.close();
    }

    private HttpResult get(String path, Duration timeout, Map<String, String> headers, Set<String> secret) {
        return sender.send(new HttpSender.Request("GET", URI.create(base + path), headers, secret, null, timeout));
    }

    private HttpResult get(String path) {
        return get(path, Duration.ofSeconds(5), Map.of(), Set.of());
    }

    @Test
    void aResponseComesBackWithStatusHeadersAndBody() {
        HttpResult r = get("/ok");
        assertThat(r.kind()).isEqualTo(HttpResult.Kind.Response);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers()).containsEntry("content-type", "application/json");
        assertThat(r.body()).isEqualTo("{\"n\": 1}");
        assertThat(r.truncated()).isFalse();
    }

    @Test
    void aBodyPastTheLimitIsCutThereAndSaysSo() {
        HttpResult r = get("/big");
        assertThat(r.body()).hasSize(1_000);
        assertThat(r.truncated()).isTrue();
    }

    @Test
    void eachRedirectIsCheckedAgainstTheAllowList() {
        assertThat(get("/to-ok").body()).isEqualTo("{\"n\": 1}");
        HttpResult metadata = get("/to-metadata");
        assertThat(metadata.kind()).isEqualTo(HttpResult.Kind.Refused);
        assertThat(metadata.message()).contains("redirect 1 to http://169.254.169.254/latest/meta-data/", "metadata");
        HttpResult other = get("/to-other");
        assertThat(other.kind()).isEqualTo(HttpResult.Kind.Refused);
        assertThat(other.message()).contains("127.0.0.2");
        assertThat(get("/loop").message()).isEqualTo("more than 3 redirects");
    }

    @Test
    void aSecretHeaderIsNotCarriedToAnotherOrigin() {
        get("/see-auth", Duration.ofSeconds(5), Map.of("Authorization", "Bearer s3cret"), Set.of("Authorization"));
        assertThat(seenAuthorization).containsEntry("/see-auth", "Bearer s3cret");
        seenAuthorization.clear();
        get("/to-localhost", Duration.ofSeconds(5), Map.of("Authorization", "Bearer s3cret"), Set.of("Authorization"));
        assertThat(seenAuthorization).containsEntry("/see-auth", "null");
    }

    @Test
    void aBodyThatTricklesPastTheTimeoutEndsTheCallAsATimeout() {
        HttpResult r = get("/slow", Duration.ofMillis(800), Map.of(), Set.of());
        assertThat(r.kind()).isEqualTo(HttpResult.Kind.Timeout);
        assertThat(r.message()).contains("no complete response within");
    }

    @Test
    void aClosedPortIsAConnectionError() throws IOException {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HttpResult r = sender.send(new HttpSender.Request("GET", URI.create("http://127.0.0.1:" + port + "/"), Map.of(), Set.of(),
                null, Duration.ofSeconds(5)));
        assertThat(r.kind()).isEqualTo(HttpResult.Kind.ConnectionError);
    }
}
