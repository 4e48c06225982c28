package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * spec.notify against a receiver this test starts on 127.0.0.1: a run's start, its SLA passing while its
 * only step sleeps, its success; another run's failed step and failure; each delivered once, with its
 * dedup id, across two kill -9 restarts of the operator (one mid-run); a refused destination is a
 * Warning Event; a notify URL that is not http(s) makes the Workflow invalid, naming the field.
 */
@ExtendWith(BatonCluster.class)
class NotifyIT {
    private static final Duration END = Duration.ofSeconds(120);
    private static final String TOKEN = "Bearer hook-7d1e-never-in-status";
    private final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @Test
    void eachEventIsDeliveredOnceAcrossOperatorRestarts(TestNamespace ns) throws Exception {
        HttpServer receiver = receiver();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        Path log = ns.file("controller-tests/target/operator-notify.log");
        Files.deleteIfExists(log);
        Map<String, String> env = Map.of("BATON_HTTP_ALLOW", "127.0.0.1");
        OperatorProcess operator = new OperatorProcess(ns.file(""), BatonCluster.kubeconfig(), log, env);
        ns.operator().stop();
        try {
            operator.start();
            ns.apply(SPEC.replace("BASE", base).replace("TOKEN", TOKEN));

            // ok-1's Started and bad-1's three are delivered and recorded; then the operator dies mid-run of
            // ok-1, before its SLA passes. (Delivery is at least once: a message delivered and not yet
            // recorded when the operator dies is sent again, with its id; here none is in that window.)
            Awaitility.await("ok-1's Started and bad-1's three recorded").atMost(END).until(() ->
                    notified(ns, "ok-1").stream().anyMatch(id -> id.contains("/Started/")) && notified(ns, "bad-1").size() == 3);
            operator.kill();
            operator.start();

            assertThat(ns.awaitEnd("ok-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
            assertThat(ns.awaitEnd("bad-1", END).getStatus().phase).isEqualTo(InstancePhase.Failed);
            Awaitility.await("every notification recorded").atMost(END).until(() -> notified(ns, "ok-1").size() == 3);
            operator.kill();
            operator.start();
            // A restarted operator reconciles every instance again: nothing recorded is sent again.
            Awaitility.await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12)).until(() -> received.size() == 6);

            assertThat(events("ok-1")).containsExactly("Started", "SlaExceeded", "Succeeded");
            // StepFailed and Failed are owed by the same pass (the step's failure ends the run): sent together, in any order.
            assertThat(events("bad-1")).containsExactlyInAnyOrder("Started", "StepFailed", "Failed");
            assertThat(received).extracting(m -> (String) m.get("id")).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(ids(ns));
            Map<String, Object> stepFailed = received.stream().filter(m -> "StepFailed".equals(m.get("event"))).findFirst().orElseThrow();
            assertThat(stepFailed).containsEntry("step", "call").containsEntry("instance", "bad-1").containsEntry("workflow", "bad");
            assertThat((String) stepFailed.get("message")).contains("HTTP 404");
            assertThat(authorizations).containsOnly(TOKEN);
            Map<String, Object> sla = received.stream().filter(m -> "SlaExceeded".equals(m.get("event"))).findFirst().orElseThrow();
            assertThat((String) sla.get("message")).contains("still running past its SLA of 15s");

            Awaitility.await("the refused notification's Event").atMost(END).until(() ->
                    ns.kubectl(null, "get", "events", "--field-selector", "reason=NotificationFailed", "-o", "name").output().contains("event"));
            assertThat(ns.kubectl(null, "get", "events", "--field-selector", "reason=NotificationFailed", "-o",
                    "jsonpath={.items[*].message}").output()).contains("10.255.255.1:81 is not on the operator's allow-list");
            Awaitility.await("the bad URL refused").atMost(END).until(() -> ns.kubectl(null, "get", "bwf", "bad-url", "-o",
                    "jsonpath={.status.conditions[*].message}").output().contains("spec.notify[0].webhook.url: must be an http:// or https:// URL"));
            assertThat(ns.kubectl(null, "get", "workflowinstances.baton.dev,events", "-o", "yaml").output() + Files.readString(log))
                    .doesNotContain("hook-7d1e");
        } finally {
            operator.stop();
            receiver.stop(0);
            ns.operator().start();
        }
    }

    private static List<String> notified(TestNamespace ns, String instance) {
        WorkflowInstance i = ns.instance(instance);
        return i == null || i.getStatus() == null || i.getStatus().notified == null ? List.of() : i.getStatus().notified;
    }

    private List<String> ids(TestNamespace ns) {
        return java.util.stream.Stream.concat(notified(ns, "ok-1").stream(), notified(ns, "bad-1").stream()).toList();
    }

    private List<String> events(String instance) {
        return received.stream().filter(m -> instance.equals(m.get("instance"))).map(m -> (String) m.get("event"))
                .collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    private HttpServer receiver() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", e -> {
            received.add(new ObjectMapper().readValue(e.getRequestBody(), Map.class));
            authorizations.add(String.valueOf(e.getRequestHeaders().getFirst("Authorization")));
            e.sendResponseHeaders(204, -1);
            e.close();
        });
        server.createContext("/missing", e -> {
            e.sendResponseHeaders(404, -1);
            e.close();
        });
        server.start();
        return server;
    }

    private static final String SPEC = """
            apiVersion: v1
            kind: Secret
            metadata: {name: hook-token}
            stringData: {token: "TOKEN"}
            ---
            apiVersion: baton.dev/v1alpha1
            kind: Workflow
            metadata: {name: ok}
            spec:
              notify:
                - events: [Started, Succeeded, Failed, StepFailed, SlaExceeded]
                  sla: 15s
                  webhook: {url: "BASE/hook", secretRef: {name: hook-token, key: token}}
              steps: [{name: nap, sleep: {duration: 25s}}]
            ---
            apiVersion: baton.dev/v1alpha1
            kind: Workflow
            metadata: {name: bad}
            spec:
              notify:
                - events: [Started, Succeeded, Failed, StepFailed]
                  webhook: {url: "BASE/hook", secretRef: {name: hook-token, key: token}}
                - events: [Started]
                  webhook: {url: "http://10.255.255.1:81/hook"}
              steps: [{name: call, retry: {errors: 0}, http: {url: "BASE/missing"}}]
            ---
            apiVersion: baton.dev/v1alpha1
            kind: Workflow
            metadata: {name: bad-url}
            spec:
              notify: [{events: [Started], webhook: {url: "ftp://example/hook"}}]
              steps: [{name: a, noop: {}}]
            ---
            {"apiVersion": "baton.dev/v1alpha1", "kind": "WorkflowInstance", "metadata": {"name": "ok-1"}, "spec": {"workflowRef": {"name": "ok"}}}
            ---
            {"apiVersion": "baton.dev/v1alpha1", "kind": "WorkflowInstance", "metadata": {"name": "bad-1"}, "spec": {"workflowRef": {"name": "bad"}}}
            """;
}
