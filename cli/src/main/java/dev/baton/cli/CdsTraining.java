package dev.baton.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Not a user command: the run that fills the plugin's class-data-sharing archive (AppCDS, made by the build
 * and by the launcher on a first run elsewhere). It goes through the paths of the common commands in one
 * JVM, so the archive holds their classes: picocli's parsing, lint and graph with the operator's compiler and
 * CEL, and the Kubernetes client up to a connection (to a closed local port, so nothing leaves the machine).
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
    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
            users: [{name: u, user: {token: t}}]
            contexts: [{name: c, context: {cluster: c, user: u, namespace: default}}]
            current-context: c
            """;

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        Path dir = Files.createTempDirectory("kubectl-baton-cds");
        try {
            Path workflow = Files.writeString(dir.resolve("w.yaml"), WORKFLOW);
            Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), KUBECONFIG);
            String k = kubeconfig.toString();
            String[][] runs = {
                {"--help"}, {"lint", workflow.toString()}, {"graph", workflow.toString()}, {"graph", "-o", "dot", workflow.toString()},
                {"get", "x", "--kubeconfig", k}, {"list", "--kubeconfig", k}, {"submit", "w", "-p", "a=1", "--kubeconfig", k},
                {"logs", "x", "s", "--kubeconfig", k}, {"stop", "x", "--kubeconfig", k},
            };
            for (String[] run : runs) {
                new BatonCli(Clock.systemUTC(), false, false).execute(run, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
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
