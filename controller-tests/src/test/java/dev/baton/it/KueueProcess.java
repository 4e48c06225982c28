package dev.baton.it;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Kueue's controller manager, built from its Go module by {@code cluster/build.sh kueue}, running on this
 * machine against the test cluster, as the operator does ({@link OperatorProcess}); its CRDs come from the
 * same module's source.
 *
 * <p>How it runs here: Kueue's webhooks are served (the manager will not start without its webhook server)
 * but not registered with the API server. Nothing calls them: Baton creates its queued Jobs suspended
 * itself, which is what Kueue's Job webhook would do, and the tests write Kueue's objects valid. Registered
 * webhooks would also outlive this process and make the API server refuse every Job of the other tests.
 * So Kueue's cert management (which injects its CA into those registrations) is off, and the webhook server
 * gets a self-signed certificate made with openssl. With cert management off, Kueue also insists on a
 * metrics certificate at the fixed path /etc/kueue/metrics/certs (its Deployment mounts a Secret there):
 * the process runs in a private mount namespace ({@code unshare}, root as for the real node) whose /etc is
 * an overlay adding that directory, so this machine's /etc is never written. No leader election (one
 * process), metrics off, probes and webhooks on 127.0.0.1 only, only the batch/job integration, and the
 * visibility API server (an aggregated API server that needs in-cluster delegation) off by its feature gate.
 */
final class KueueProcess {
    private final Path repo;
    private final Path kubeconfig;
    private final Path dir;
    private Process process;

    KueueProcess(Path repo, Path kubeconfig) {
        this.repo = repo;
        this.kubeconfig = kubeconfig;
        this.dir = repo.resolve("controller-tests/target/kueue");
    }

    /** Builds Kueue if missing, installs its CRDs, starts the manager and waits until it is ready. */
    void start(KubernetesClient client) throws IOException, InterruptedException {
        Path home = binaries();
        Crds.apply(client, home.resolve("crds"));
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kueue-system").endMetadata().build())
                .serverSideApply();
        Files.createDirectories(dir.resolve("certs"));
        Commands.selfSignedCertificate(dir.resolve("certs"));
        // The metrics server's certificate, at the path Kueue reads it from when its cert management is off.
        Path etc = Files.createTempDirectory("baton-kueue-etc");
        Path metricsCerts = Files.createDirectories(etc.resolve("upper/kueue/metrics/certs"));
        Files.createDirectories(etc.resolve("work"));
        for (String f : List.of("tls.crt", "tls.key")) {
            Files.copy(dir.resolve("certs").resolve(f), metricsCerts.resolve(f));
        }
        int health = OperatorProcess.freePort();
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                apiVersion: config.kueue.x-k8s.io/v1beta2
                kind: Configuration
                namespace: kueue-system
                health: {healthProbeBindAddress: "127.0.0.1:%d"}
                metrics: {bindAddress: "0"}
                webhook: {host: 127.0.0.1, port: %d, certDir: "%s"}
                leaderElection: {leaderElect: false}
                internalCertManagement: {enable: false}
                clientConnection: {qps: 50, burst: 100}
                integrations: {frameworks: ["batch/job"]}
                """.formatted(health, OperatorProcess.freePort(), dir.resolve("certs")));
        // A private mount namespace whose /etc is an overlay adding kueue/metrics/certs: this machine's /etc
        // is left as it is, and the overlay goes with the process.
        ProcessBuilder pb = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t overlay overlay -o lowerdir=/etc,upperdir=\"$1\",workdir=\"$2\" /etc && exec \"$3\" --config=\"$4\""
                        + " --feature-gates=VisibilityOnDemand=false --zap-log-level=info",
                "kueue", etc.resolve("upper").toString(), etc.resolve("work").toString(), home.resolve("kueue").toString(),
                config.toString());
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log().toFile()));
        process = pb.start();
        OperatorProcess.awaitHttpOk(process, "http://127.0.0.1:" + health + "/readyz", Duration.ofSeconds(120), "Kueue", log());
    }

    void stop() throws InterruptedException {
        if (process != null) {
            Commands.stop(process);
            process = null;
        }
    }

    Path log() {
        return dir.resolve("kueue.log");
    }

    /** kueue-&lt;version&gt;/ under the cluster's binaries: the manager and crds/. */
    private Path binaries() throws IOException {
        return ClusterBinaries.build(repo, "kueue").resolve("kueue-" + ClusterBinaries.version(repo, "KUEUE_VERSION"));
    }
}
