package dev.baton.bench;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged operator as its own process, with production settings (nothing but the HTTP address and
 * -Xmx512m, as in the controller tests), started from a private copy of operator/target/quarkus-app so a
 * rebuild during the bench cannot swap it. Reads its CPU time and RSS from /proc and its heap from
 * /q/metrics. With a JFR file it records a profile, written when the operator stops.
 */
final class OperatorUnderTest implements AutoCloseable {
    /** Linux reports utime and stime in clock ticks; USER_HZ is 100 on every mainstream kernel. */
    private static final double TICKS_PER_SECOND = 100.0;
    private final Process process;
    private final int port;

    private OperatorUnderTest(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static OperatorUnderTest start(Path app, Path kubeconfig, Path log, Path jfr) throws IOException, InterruptedException {
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
        if (jfr != null) {
            command.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
        }
        command.addAll(List.of("-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-jar", app.resolve("quarkus-run.jar").toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        Process process = pb.start();
        // A bench stopped by a signal skips its finally blocks: the operator must not outlive it and
        // keep reconciling into the next bench's cluster (SIGTERM, so a JFR recording is still written).
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        OperatorUnderTest operator = new OperatorUnderTest(process, port);
        operator.awaitReady(log);
        return operator;
    }

    long pid() {
        return process.pid();
    }

    /** User + system CPU seconds the operator has used since it started. */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid()), "stat"));
        // Fields after the command name, which is in parentheses and may hold spaces: state is field 3,
        // utime field 14 and stime field 15.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    }

    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    long heapUsedBytes() throws IOException {
        return (long) metrics().sum("jvm_memory_used_bytes", Map.of("area", "heap"));
    }

    /** The operator's write requests so far, by "verb resource", from its own request counter. */
    Map<String, Double> writes() throws IOException {
        Map<String, Double> out = new java.util.TreeMap<>();
        for (PrometheusSamples.Sample s : metrics().named("baton_client_requests_total")) {
            String verb = s.label("verb");
            if (!verb.equals("get") && !verb.equals("list") && !verb.equals("watch")) {
                out.merge(verb + " " + s.label("resource"), s.value(), Double::sum);
            }
        }
        return out;
    }

    /** Events queued and not yet written, and events dropped so far (a full queue). */
    record EventBacklog(double queued, double dropped) {
    }

    EventBacklog eventBacklog() throws IOException {
        PrometheusSamples m = metrics();
        return new EventBacklog(m.sum("baton_events_queued", Map.of()), m.sum("baton_events_dropped_total", Map.of()));
    }

    PrometheusSamples metrics() throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/q/metrics").toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(10000);
        try (var in = c.getInputStream()) {
            return PrometheusSamples.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** SIGTERM, so a JFR recording is written; SIGKILL after 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private void awaitReady(Path log) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the operator exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/q/health/ready").toURL().openConnection();
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
        throw new IllegalStateException("the operator was not ready within 120 s; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
