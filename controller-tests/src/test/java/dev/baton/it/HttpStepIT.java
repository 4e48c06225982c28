package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.InstancePhase;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * http steps against a server this test starts on 127.0.0.1, with an operator whose allow-list names
 * 127.0.0.1 only: examples/http.yaml, a 500 then a success, a timeout, refused destinations (a cloud
 * metadata address, an address not on the list, a redirect to the metadata address), a huge body, a
 * missing Secret; a header's Secret value reaches the server and nothing else.
 */
@ExtendWith(BatonCluster.class)
class HttpStepIT {
    private static final Duration END = Duration.ofSeconds(90);
    private static final String TOKEN = "Bearer tok-5e1f0c2a-never-in-status";
    private static final int HUGE = 5 * 1024 * 1024;

    private final Map<String, List<String>> keys = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger flaky = new AtomicInteger();
    private final AtomicInteger preparing = new AtomicInteger();

    @Test
    void httpStepsCallTheLocalServerUnderTheAllowList(TestNamespace ns) throws Exception {
        HttpServer server = server();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Path log = ns.file("controller-tests/target/operator-http.log");
        Files.deleteIfExists(log);
        OperatorProcess operator = new OperatorProcess(ns.file(""), BatonCluster.kubeconfig(), log,
                Map.of("BATON_HTTP_ALLOW", "127.0.0.1", "QUARKUS_LOG_CATEGORY__DEV_BATON__LEVEL", "DEBUG"));
        ns.operator().stop();
        try {
            operator.start();
            ns.apply(Files.readString(ns.file("examples/http.yaml")).replace("http://127.0.0.1:8089", base)
                    .replace("Bearer change-me", TOKEN));
            ns.apply(SPEC.replace("BASE", base));

            assertThat(ns.awaitEnd("http-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
            assertThat(ns.step("http-1", "create-order").outputs).containsEntry("id", 42);
            StepStatus ready = ns.step("http-1", "await-ready");
            assertThat(ready.outputs).containsEntry("state", "ready").containsEntry("etag", "\"v2\"");
            assertThat(ready.attempts).extracting(a -> a.outcome).containsExactly(AttemptOutcome.PlatformError, AttemptOutcome.Succeeded);
            assertThat(authorizations).contains(TOKEN);
            assertThat(ns.jobs()).as("no pod, no Job").isEmpty();

            assertThat(ns.awaitEnd("flaky-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
            List<AttemptStatus> attempts = ns.step("flaky-1", "call").attempts;
            assertThat(attempts).extracting(a -> a.outcome).containsExactly(AttemptOutcome.PlatformError, AttemptOutcome.Succeeded);
            assertThat(attempts.get(0).reason).isEqualTo("HTTP 500");
            String uid = ns.instance("flaky-1").getMetadata().getUid();
            assertThat(keys.get("/flaky")).as("one call per attempt, keyed by attempt").containsExactly(uid + "/call/1", uid + "/call/2");

            assertFailed(ns, "slow-1", "Timeout", "no complete response within 1s");
            assertFailed(ns, "metadata-1", "DestinationRefused", "169.254.169.254:80 is a link-local or cloud metadata address");
            assertFailed(ns, "unlisted-1", "DestinationRefused", "10.255.255.1:81 is not on the operator's allow-list");
            assertFailed(ns, "redirected-1", "DestinationRefused", "redirect 1 to http://169.254.169.254/");
            assertFailed(ns, "nosecret-1", "InvalidRequest", "Secret missing, key token does not exist");
            assertThat(ns.step("nosecret-1", "call").attempts).as("not retried").hasSize(1);

            assertThat(ns.awaitEnd("huge-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
            assertThat(ns.step("huge-1", "call").outputs).containsEntry("kept", 262_144).containsEntry("truncated", true);

            String everything = ns.kubectl(null, "get", "workflows.baton.dev,workflowinstances.baton.dev,events", "-o", "yaml").output()
                    + Files.readString(log);
            assertThat(everything).contains("orders-api").doesNotContain(TOKEN).doesNotContain("tok-5e1f0c2a");
        } finally {
            operator.stop();
            server.stop(0);
            ns.operator().start();
        }
    }

    private static void assertFailed(TestNamespace ns, String instance, String reason, String message) {
        assertThat(ns.awaitEnd(instance, END).getStatus().phase).as(instance).isEqualTo(InstancePhase.Failed);
        StepStatus call = ns.step(instance, "call");
        assertThat(call.attempts.get(call.attempts.size() - 1).reason).as(instance).isEqualTo(reason);
        assertThat(call.message).as(instance).contains(message);
    }

    private HttpServer server() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/orders", e -> {
            record(e);
            if (e.getRequestMethod().equals("POST")) {
                authorizations.add(String.valueOf(e.getRequestHeaders().getFirst("Authorization")));
                reply(e, 201, "{\"id\": 42}");
            } else if (preparing.incrementAndGet() == 1) {
                reply(e, 503, "{\"state\": \"preparing\"}");
            } else {
                e.getResponseHeaders().add("ETag", "\"v2\"");
                reply(e, 200, "{\"state\": \"ready\"}");
            }
        });
        server.createContext("/flaky", e -> {
            record(e);
            reply(e, flaky.incrementAndGet() == 1 ? 500 : 200, "{}");
        });
        server.createContext("/slow", e -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            reply(e, 200, "{}");
        });
        server.createContext("/to-metadata", e -> {
            e.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            e.sendResponseHeaders(302, -1);
            e.close();
        });
        server.createContext("/huge", e -> {
            e.getResponseHeaders().add("Content-Type", "application/json");
            e.sendResponseHeaders(200, HUGE);
            try (OutputStream out = e.getResponseBody()) {
                byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
                for (int sent = 0; sent < HUGE; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException ignored) {
                // the operator stops reading at its limit
            }
        });
        server.start();
        return server;
    }

    private void record(HttpExchange e) {
        keys.computeIfAbsent(e.getRequestURI().getPath().replaceAll("/[0-9]+$", ""), k -> new CopyOnWriteArrayList<>())
                .add(e.getRequestHeaders().getFirst("Idempotency-Key"));
    }

    private static void reply(HttpExchange e, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        e.getResponseHeaders().add("Content-Type", "application/json");
        e.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = e.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static final String SPEC = """
            apiVersion: baton.dev/v1alpha1
            kind: Workflow
            metadata: {name: flaky}
            spec:
              steps:
                - name: call
                  retry: {platform: 2, backoff: {type: Fixed, base: 1s}}
                  http: {url: "BASE/flaky"}
            ---
            apiVersion: baton.dev/v1alpha1
            kind: Workflow
            metadata: {name: slow}
            spec:
              steps: [{name: call, retry: {platform: 0}, http: {url: "BASE/slow", timeout: 1s}}]
            ---
            apiVersion: baton.dev/v1alpha1
            kind: Workflow
            metadata: {name: metadata}
            spec:
              steps: [{name: call, http: {url: "http://169.254.169.254/latest/meta-data/"}}]
            ---
            apiVersion: baton.dev/v1alpha1
            kind: Workflow
            metadata: {name: unlisted}
            spec:
              steps: [{name: call, http: {url: "http://10.255.255.1:81/"}}]
            ---
            apiVersion: baton.dev/v1alpha1
            kind: Workflow
            metadata: {name: redirected}
            spec:
              steps: [{name: call, http: {url: "BASE/to-metadata"}}]
            ---
            apiVersion: baton.dev/v1alpha1
            kind: Workflow
            metadata: {name: nosecret}
            spec:
              steps: [{name: call, http: {url: "BASE/flaky", headers: {Authorization: {secretKeyRef: {name: missing, key: token}}}}}]
            ---
            apiVersion: baton.dev/v1alpha1
            kind: Workflow
            metadata: {name: huge}
            spec:
              steps:
                - name: call
                  http: {url: "BASE/huge", outputs: {kept: "size(response.body)", truncated: "response.truncated"}}
            ---
            {"apiVersion": "baton.dev/v1alpha1", "kind": "WorkflowInstance", "metadata": {"name": "flaky-1"}, "spec": {"workflowRef": {"name": "flaky"}}}
            ---
            {"apiVersion": "baton.dev/v1alpha1", "kind": "WorkflowInstance", "metadata": {"name": "slow-1"}, "spec": {"workflowRef": {"name": "slow"}}}
            ---
            {"apiVersion": "baton.dev/v1alpha1", "kind": "WorkflowInstance", "metadata": {"name": "metadata-1"}, "spec": {"workflowRef": {"name": "metadata"}}}
            ---
            {"apiVersion": "baton.dev/v1alpha1", "kind": "WorkflowInstance", "metadata": {"name": "unlisted-1"}, "spec": {"workflowRef": {"name": "unlisted"}}}
            ---
            {"apiVersion": "baton.dev/v1alpha1", "kind": "WorkflowInstance", "metadata": {"name": "redirected-1"}, "spec": {"workflowRef": {"name": "redirected"}}}
            ---
            {"apiVersion": "baton.dev/v1alpha1", "kind": "WorkflowInstance", "metadata": {"name": "nosecret-1"}, "spec": {"workflowRef": {"name": "nosecret"}}}
            ---
            {"apiVersion": "baton.dev/v1alpha1", "kind": "WorkflowInstance", "metadata": {"name": "huge-1"}, "spec": {"workflowRef": {"name": "huge"}}}
            """;
}
