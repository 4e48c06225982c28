package dev.baton.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Not a user command: the run that fills the plugin's class-data-sharing archive (AppCDS, made by the build
 * and by the launcher on a first run elsewhere). It goes through the paths of the common commands in one
 * JVM, so the archive holds their classes: picocli's parsing, lint and graph with the operator's compiler and
 * CEL, and the Kubernetes client: a refused connection, and requests answered by a stand-in API server on a
 * local port (nothing leaves the machine).
 */
public final class CdsTraining {
    private static final String WORKFLOW = """
            apiVersion: baton.dev/v1alpha1
            kind: Workflow
            metadata: {name: training}
            spec:
              params: {date: {type: string, default: "2026-11-24"}}
              steps:
                - {name: a, bash: {script: "true"}}
                - name: b
                  dependsOn: [{step: a, when: "steps.a.outputs.rows > 0"}]
                  container: {image: x, args: ["${params.date}"]}
                - name: c
                  dependsOn: [b]
                  foreach: {params: {r: [1, 2]}, steps: [{name: x, noop: {}}]}
            """;
    /** A run as the API server returns it, so the archive holds the classes that decode and draw one. */
    private static final String INSTANCE = """
            {"apiVersion": "baton.dev/v1alpha1", "kind": "WorkflowInstance",
             "metadata": {"name": "x", "namespace": "default", "creationTimestamp": "2026-01-01T00:00:00Z", "labels": {"a": "b"}},
             "spec": {"workflowRef": {"name": "w"}, "params": {"n": 1}},
             "status": {"phase": "Running", "progress": "1/2", "startTime": "2026-01-01T00:00:00Z", "leaves": {"Running": 1},
               "conditions": [{"type": "Valid", "status": "True", "reason": "Valid", "lastTransitionTime": "2026-01-01T00:00:00Z"}],
               "steps": [{"name": "a", "phase": "Succeeded", "outputs": {"rows": 1},
                          "attempts": [{"number": 1, "job": "x-a-1", "outcome": "Succeeded", "exitCode": 0}]},
                         {"name": "b", "phase": "Running", "foreach": {"total": 2, "running": 1}}]}}
            """;
    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "SERVER"}}]
            users: [{name: u, user: {token: t}}]
            contexts: [{name: c, context: {cluster: c, user: u, namespace: default}}]
            current-context: c
            """;

    private CdsTraining() {
    }

    /**
     * A plain-HTTP stand-in for the API server on a free local port: the run {@link #INSTANCE} by name and in
     * lists, an empty list of anything else, and a refusal for writes, so requests go the whole way through the
     * client and the JSON decoding.
     */
    private static HttpServer fakeApiServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body;
            int code = 200;
            if (!"GET".equals(exchange.getRequestMethod())) {
                code = 403;
                body = "{\"kind\": \"Status\", \"apiVersion\": \"v1\", \"status\": \"Failure\", \"reason\": \"Forbidden\","
                        + " \"message\": \"training\", \"code\": 403}";
            } else if (path.endsWith("/workflowinstances/x")) {
                body = INSTANCE;
            } else if (path.endsWith("/workflowinstances")) {
                body = "{\"apiVersion\": \"baton.dev/v1alpha1\", \"kind\": \"WorkflowInstanceList\", \"metadata\": {}, \"items\": ["
                        + INSTANCE + "]}";
            } else {
                body = "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"metadata\": {}, \"items\": []}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return server;
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        Path dir = Files.createTempDirectory("kubectl-baton-cds");
        try {
            Path workflow = Files.writeString(dir.resolve("w.yaml"), WORKFLOW);
            String closed = Files.writeString(dir.resolve("closed"), KUBECONFIG.replace("SERVER", "https://127.0.0.1:1")).toString();
            HttpServer server = fakeApiServer();
            String fake = Files.writeString(dir.resolve("fake"),
                    KUBECONFIG.replace("SERVER", "http://127.0.0.1:" + server.getAddress().getPort())).toString();
            String[][] runs = {
                {"--help"}, {"lint", workflow.toString()}, {"graph", workflow.toString()}, {"graph", "-o", "dot", workflow.toString()},
                {"get", "x", "--kubeconfig", closed}, {"get", "x", "--kubeconfig", fake}, {"get", "x", "-o", "yaml", "--kubeconfig", fake},
                {"list", "--kubeconfig", fake}, {"submit", "w", "-p", "a=1", "--kubeconfig", fake},
                {"logs", "x", "a", "--kubeconfig", fake}, {"stop", "x", "--kubeconfig", fake}, {"skip", "x", "b", "--kubeconfig", fake},
            };
            try {
                for (String[] run : runs) {
                    new BatonCli(Clock.systemUTC(), false, false).execute(run, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
                }
            } finally {
                server.stop(0);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }
}
