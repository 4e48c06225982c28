package dev.baton.it;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The packaged operator (target/quarkus-app) running as its own process against the test cluster, as
 * it runs in production. Tests may kill it with SIGKILL and start it again.
 */
final class OperatorProcess {
    private final Path repo;
    private final Path kubeconfig;
    private final Path log;
    private final Map<String, String> env;
    private Process process;
    private int port;

    OperatorProcess(Path repo, Path kubeconfig) {
        this(repo, kubeconfig, repo.resolve("controller-tests/target/operator.log"), Map.of());
    }

    /** An operator with its own log file and extra environment (settings a Deployment would pass). */
    OperatorProcess(Path repo, Path kubeconfig, Path log, Map<String, String> env) {
        this.repo = repo;
        this.kubeconfig = kubeconfig;
        this.log = log;
        this.env = Map.copyOf(env);
    }

    synchronized void start() throws IOException, InterruptedException {
        Path jar = repo.resolve("operator/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the operator first (mvn package)");
        }
        port = freePort();
        Files.createDirectories(log.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // -Xss8m as the image sets it: JOSDK copies each object through JSON on its reconcile threads, and
        // one nested 10,000 levels deep (the API server's limit) needs about 8 MiB of stack to copy.
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx512m", "-Xss8m",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port, "-Dquarkus.log.level=INFO", "-jar", jar.toString()));
        pb.environment().putAll(env);
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        awaitReady();
    }

    /** SIGKILL: no shutdown hook runs, as when a node dies. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
            process = null;
        }
    }

    synchronized void stop() throws InterruptedException {
        if (process != null) {
            Commands.stop(process);
            process = null;
        }
    }

    Path log() {
        return log;
    }

    /** The running operator's process id, for tests that read its CPU time or take a thread dump. */
    synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("the operator is not running");
        }
        return process.pid();
    }

    /** The HTTP port of the running operator (health at /q/health, metrics at /q/metrics), on 127.0.0.1. */
    int port() {
        return port;
    }

    private void awaitReady() throws InterruptedException, IOException {
        awaitHttpOk(process, "http://127.0.0.1:" + port + "/q/health/ready", Duration.ofSeconds(90), "the operator", log);
    }

    /** Waits until {@code url} answers 200, failing early when the process exits. */
    static void awaitHttpOk(Process process, String url, Duration atMost, String what, Path log) throws InterruptedException {
        Instant deadline = Instant.now().plus(atMost);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                // Printed here: a failed shared setup is retried by the next test class, which deletes this log.
                List<String> lines;
                try {
                    lines = Files.readAllLines(log);
                } catch (IOException e) {
                    lines = List.of("(its log cannot be read: " + e + ")");
                }
                System.out.println("----- " + what + " exited during start-up; its log (last 60 lines) -----");
                lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.out::println);
                throw new IllegalStateException(what + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(what + " did not become ready in " + atMost.toSeconds() + "s; see " + log);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
