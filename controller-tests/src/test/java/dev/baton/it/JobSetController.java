package dev.baton.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * JobSet's controller (sigs.k8s.io/jobset), built by {@code controller-tests/cluster/build.sh jobset}, running on
 * this machine against the test cluster, as the compute engine of resource steps. Its CRD comes from the same
 * module source. Its webhooks stay unregistered (no webhook configuration is applied, so the API server never
 * calls them): their server still starts, on 127.0.0.1 with a self-signed certificate made here, because the
 * controller waits for it; JobSets are written with what the defaulting webhook would add (successPolicy,
 * network, completionMode, restartPolicy). Cert management, leader election and metrics are off.
 */
final class JobSetController implements AutoCloseable {
    private final Path log;
    private Process process;

    private JobSetController(Path log) {
        this.log = log;
    }

    /** Builds it if missing (minutes when cold, at once when warm), installs its CRD and starts it; ready when this returns. */
    static JobSetController start(Path repo, Path kubeconfig) throws IOException, InterruptedException {
        Path bin = ClusterBinaries.build(repo, "jobset");
        String version = ClusterBinaries.version(repo, "JOBSET_VERSION");
        Path work = Files.createDirectories(repo.resolve("controller-tests/target/jobset"));
        Commands.check(Duration.ofMinutes(1), "kubectl", "--kubeconfig", kubeconfig.toString(), "apply", "--server-side", "--force-conflicts",
                "-f", bin.resolve("jobset-crd-" + version + ".yaml").toString());
        awaitEstablished(kubeconfig);
        Path certs = Files.createDirectories(work.resolve("certs"));
        Commands.selfSignedCertificate(certs);
        int health = OperatorProcess.freePort();
        Path config = work.resolve("config.yaml");
        Files.writeString(config, """
                apiVersion: config.jobset.x-k8s.io/v1alpha1
                kind: Configuration
                leaderElection: {leaderElect: false}
                internalCertManagement: {enable: false}
                webhook: {host: 127.0.0.1, port: %d, certDir: %s}
                """.formatted(OperatorProcess.freePort(), certs));
        JobSetController controller = new JobSetController(work.resolve("jobset-controller.log"));
        ProcessBuilder pb = new ProcessBuilder(List.of(bin.resolve("jobset-controller-" + version).toString(),
                "--config=" + config, "--kubeconfig=" + kubeconfig, "--metrics-bind-address=0",
                "--health-probe-bind-address=127.0.0.1:" + health, "--zap-devel=false"));
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(controller.log.toFile()));
        controller.process = pb.start();
        controller.awaitReady(health);
        return controller;
    }

    Path log() {
        return log;
    }

    private void awaitReady(int port) throws InterruptedException {
        OperatorProcess.awaitHttpOk(process, "http://127.0.0.1:" + port + "/readyz", Duration.ofSeconds(60), "the JobSet controller", log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            Commands.stop(process);
            process = null;
        }
    }

    /**
     * kubectl wait fails at once ("status.conditions accessor error") on a CRD so new that the API server has
     * not written its status yet, so it is asked again until Established or a minute has passed.
     */
    private static void awaitEstablished(Path kubeconfig) throws IOException, InterruptedException {
        long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                Commands.check(Duration.ofMinutes(1), "kubectl", "--kubeconfig", kubeconfig.toString(), "wait", "--for=condition=Established",
                        "crd/jobsets.jobset.x-k8s.io", "--timeout=60s");
                return;
            } catch (IllegalStateException e) {
                if (!e.getMessage().contains("status.conditions") || System.nanoTime() > until) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }
}
