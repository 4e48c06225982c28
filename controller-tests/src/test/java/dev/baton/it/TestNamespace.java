package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.StepStatus;
import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;

/** One test's namespace on the real cluster, with the helpers tests need: kubectl, reads and waits. */
public final class TestNamespace {
    private final KubernetesClient client;
    private final String name;
    private final Path repo;
    private final OperatorProcess operator;

    TestNamespace(KubernetesClient client, String name, Path repo, OperatorProcess operator) {
        this.client = client;
        this.name = name;
        this.repo = repo;
        this.operator = operator;
    }

    public String name() {
        return name;
    }

    public KubernetesClient client() {
        return client;
    }

    public OperatorProcess operator() {
        return operator;
    }

    /** A file of the repository, such as examples/hello.yaml. */
    public Path file(String relative) {
        return repo.resolve(relative);
    }

    /** Result of a kubectl run: exit code and combined output. */
    public record Kubectl(int exitCode, String output) {
    }

    /** Runs kubectl in this namespace with the test cluster's kubeconfig, feeding stdin when given. */
    public Kubectl kubectl(String stdin, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("kubectl", "--kubeconfig", BatonCluster.kubeconfig().toString(), "-n", name));
        cmd.addAll(Arrays.asList(args));
        Commands.Result r = Commands.run(new ProcessBuilder(cmd).redirectErrorStream(true), stdin, Duration.ofSeconds(60));
        return new Kubectl(r.exit(), r.out());
    }

    /** kubectl apply of YAML text; fails the test when refused. */
    public String apply(String yaml) {
        Kubectl r = kubectl(yaml, "apply", "-f", "-");
        assertThat(r.exitCode()).as("kubectl apply: %s", r.output()).isZero();
        return r.output();
    }

    /** kubectl apply of a repository file (an example or a fixture). */
    public String applyFile(String relative) throws IOException {
        return apply(Files.readString(file(relative)));
    }

    public WorkflowInstance instance(String instance) {
        return client.resources(WorkflowInstance.class).inNamespace(name).withName(instance).get();
    }

    public Workflow workflow(String workflow) {
        return client.resources(Workflow.class).inNamespace(name).withName(workflow).get();
    }

    public StepStatus step(String instance, String step) {
        WorkflowInstance i = instance(instance);
        return i.getStatus().steps.stream().filter(s -> s.name.equals(step)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + step + " in status of " + instance));
    }

    /** Waits until the instance reaches a terminal phase and returns it. */
    public WorkflowInstance awaitEnd(String instance, Duration atMost) {
        Awaitility.await(instance + " to end").atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> {
            WorkflowInstance i = instance(instance);
            return i != null && i.getStatus() != null && i.getStatus().phase != null && i.getStatus().phase.terminal();
        });
        return instance(instance);
    }

    /**
     * Samples a figure every 200 ms until the instance ends (at most three minutes) and returns the
     * largest value seen: how tests watch bounds that must hold throughout a run.
     */
    public int maxUntilEnd(String instance, java.util.function.IntSupplier sample) throws InterruptedException {
        int max = 0;
        java.time.Instant deadline = java.time.Instant.now().plus(Duration.ofMinutes(3));
        while (java.time.Instant.now().isBefore(deadline)) {
            WorkflowInstance i = instance(instance);
            if (i != null && i.getStatus() != null && i.getStatus().phase != null && i.getStatus().phase.terminal()) {
                return max;
            }
            max = Math.max(max, sample.getAsInt());
            Thread.sleep(200);
        }
        throw new AssertionError(instance + " did not end in three minutes");
    }

    /** Every instance in the namespace. */
    public List<WorkflowInstance> instances() {
        return client.resources(WorkflowInstance.class).inNamespace(name).list().getItems();
    }

    /** Child instances (loop iterations, subworkflow runs) of a parent. */
    public List<WorkflowInstance> children(String parent) {
        return client.resources(WorkflowInstance.class).inNamespace(name).withLabel("baton.dev/parent", parent).list().getItems();
    }

    public WorkflowInstance awaitPhase(String instance, InstancePhase phase, Duration atMost) {
        Awaitility.await(instance + " to be " + phase).atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> {
            WorkflowInstance i = instance(instance);
            return i != null && i.getStatus() != null && i.getStatus().phase == phase;
        });
        return instance(instance);
    }

    public List<Job> jobs() {
        return client.batch().v1().jobs().inNamespace(name).list().getItems();
    }

    public List<Pod> pods() {
        return client.pods().inNamespace(name).list().getItems();
    }

    void dumpForFailure() {
        System.out.println("===== [baton-it] failure in namespace " + name + " =====");
        System.out.println(kubectl(null, "get", "bwf,bwfi,jobs,pods", "-o", "wide").output());
        System.out.println(kubectl(null, "get", "bwfi", "-o", "yaml").output());
        System.out.println(kubectl(null, "get", "events", "--sort-by=.lastTimestamp").output());
        try {
            List<String> lines = Files.readAllLines(operator.log());
            System.out.println("----- operator log (last 150 lines) -----");
            lines.subList(Math.max(0, lines.size() - 150), lines.size()).forEach(System.out::println);
        } catch (IOException e) {
            System.out.println("no operator log: " + e.getMessage());
        }
    }

    void delete() {
        client.namespaces().withName(name).delete();
    }
}
