package dev.baton.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local cluster's control-plane processes (controller-tests/cluster/up.sh, kwokctl's binary
 * runtime), for tests that kill them. A component is killed with SIGKILL through its pid file and
 * brought back with `kwokctl start cluster`, which starts only the components whose pid file names no
 * live process, with the arguments, environment, working directory and log kwokctl recorded for them
 * at creation: the same process as before, and nothing else is restarted.
 */
final class LocalControlPlane {
    static final String API_SERVER = "kube-apiserver";
    static final String ETCD = "etcd";

    private static final Pattern SERVER = Pattern.compile("server: (https://127\\.0\\.0\\.1:(\\d+))");

    private final Path clusterScripts;
    private final Path clusterDir;
    private final Path kubeconfig;

    private LocalControlPlane(Path clusterScripts, Path clusterDir, Path kubeconfig) {
        this.clusterScripts = clusterScripts;
        this.clusterDir = clusterDir;
        this.kubeconfig = kubeconfig;
    }

    /** The cluster up.sh made, found as env.sh finds it (BATON_CLUSTER, BATON_CACHE). */
    static LocalControlPlane of(Path repo, Path kubeconfig) {
        Path scripts = repo.resolve("controller-tests/cluster");
        String dir = Commands.check(Duration.ofSeconds(10), "bash", "-c", "source \"$1/env.sh\" && echo \"$cluster_dir\"", "_",
                scripts.toString()).trim();
        return new LocalControlPlane(scripts, Path.of(dir), kubeconfig);
    }

    /** The API server's address, from the kubeconfig (kwokctl binds it to 127.0.0.1). */
    InetSocketAddress apiServer() throws IOException {
        Matcher m = SERVER.matcher(Files.readString(kubeconfig));
        if (!m.find()) {
            throw new IllegalStateException("no https://127.0.0.1 server in " + kubeconfig);
        }
        return new InetSocketAddress("127.0.0.1", URI.create(m.group(1)).getPort());
    }

    /**
     * A copy of the kubeconfig whose server is 127.0.0.1:port (a proxy) instead of the API server. The
     * serving certificate names 127.0.0.1, so TLS through the proxy verifies as it does directly.
     */
    Path kubeconfigThrough(int port, Path target) throws IOException {
        String text = SERVER.matcher(Files.readString(kubeconfig)).replaceAll("server: https://127.0.0.1:" + port);
        Files.createDirectories(target.getParent());
        return Files.writeString(target, text);
    }

    /** SIGKILL to a component (as an OOM kill or a node failure would end it); waits until it is gone. */
    void kill(String component) throws IOException {
        long pid = Long.parseLong(Files.readString(clusterDir.resolve("pids/" + component + ".pid")).trim());
        ProcessHandle process = ProcessHandle.of(pid)
                .filter(p -> clusterDir.toString().equals(cwd(p.pid())))
                .orElseThrow(() -> new IllegalStateException(component + " (pid " + pid + ") is not running"));
        process.destroyForcibly();
        process.onExit().orTimeout(20, TimeUnit.SECONDS).join();
    }

    /** Starts the components that are not running (the killed one) and waits for the API server's /readyz. */
    void startStopped() {
        Commands.check(Duration.ofSeconds(90), "bash", "-c",
                "source \"$1/env.sh\" && \"$(\"$1/bindir.sh\")/kwokctl\" --name \"$BATON_CLUSTER\" start cluster --timeout 60s",
                "_", clusterScripts.toString());
        awaitReady(Duration.ofSeconds(60));
    }

    /** Waits until the API server answers /readyz with ok (it needs etcd for that). */
    void awaitReady(Duration atMost) {
        Instant deadline = Instant.now().plus(atMost);
        while (Instant.now().isBefore(deadline)) {
            if (ready()) {
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException("the API server was not ready within " + atMost);
    }

    boolean ready() {
        try {
            return "ok".equals(Commands.check(Duration.ofSeconds(5), "kubectl", "--kubeconfig", kubeconfig.toString(),
                    "--request-timeout=2s", "get", "--raw", "/readyz").trim());
        } catch (IllegalStateException notReady) {
            return false;
        }
    }

    /** Leaves the cluster as the next test expects it: every component running, the API server ready. */
    void restoreIfBroken() {
        if (!ready()) {
            startStopped();
        }
    }

    private static String cwd(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + pid + "/cwd")).toString();
        } catch (IOException gone) {
            return "";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
