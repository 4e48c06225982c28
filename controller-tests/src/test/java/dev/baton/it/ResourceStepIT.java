package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * resource steps against a real compute engine: JobSet's controller, built from its Go module, runs the JobSets
 * Baton creates, their Jobs' pods on kwok's nodes. A JobSet of two replicated Jobs completes, one fails, a stopped
 * run deletes its JobSet, and an operator killed with SIGKILL mid-step leaves one JobSet, not two. The operator
 * runs with the chart's identity and settings (resourceKinds: JobSet), and is never refused a request.
 */
@ExtendWith(BatonCluster.class)
class ResourceStepIT {
    static final String KINDS = "jobset.x-k8s.io/v1alpha2/JobSet/jobsets";
    private static final Duration END = Duration.ofSeconds(90);
    private static JobSetController jobsets;
    /** The run's shared operator, stopped for this class's tests and started again after them. */
    private static OperatorProcess shared;
    private OperatorProcess operator;
    private Path log;

    @BeforeAll
    static void startJobSet() throws Exception {
        Path repo = Path.of(System.getProperty("baton.repo", "..")).toAbsolutePath().normalize();
        jobsets = JobSetController.start(repo, BatonCluster.kubeconfig());
    }

    @AfterAll
    static void stopJobSet() throws Exception {
        try {
            if (jobsets != null) {
                jobsets.close();
            }
        } finally {
            if (shared != null) {
                shared.start();
            }
        }
    }

    /**
     * The shared operator manages no JobSets: this test's operator does, in its place, as the chart installs it
     * with resourceKinds listing JobSet and watchNamespaces this namespace: with the chart's settings and nothing
     * but its ServiceAccount's token, so what it may do with JobSets is what the chart grants.
     */
    @BeforeEach
    void startOperator(TestNamespace ns) throws Exception {
        HelmChart chart = new HelmChart(ns.file(""));
        Path values = HelmChart.values(ns.file("controller-tests/target/helm-values"), ns.name() + "-resource.yaml", """
                replicaCount: 0            # the test runs the operator itself, with the chart's identity
                watchNamespaces: [%s]
                resourceKinds: [{group: jobset.x-k8s.io, version: v1alpha2, kind: JobSet, plural: jobsets}]
                """.formatted(ns.name()));
        chart.install("baton", ns.name(), BatonCluster.kubeconfig(), values);
        Path kubeconfig = HelmChartIT.tokenKubeconfig(ns, ns.file("controller-tests/target/resource-" + ns.name() + ".kubeconfig"));
        Deployment deployment = chart.render(ns.client(), "baton", ns.name(), values).stream()
                .filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst().orElseThrow();
        Map<String, String> env = HelmChartIT.env(deployment.getSpec().getTemplate().getSpec().getContainers().get(0));
        assertThat(env).containsEntry("BATON_RESOURCE_KINDS", KINDS);
        env.remove("JAVA_OPTS_APPEND"); // the image's entry point reads it; here the JVM starts directly
        env.put("BATON_LEADER_ELECTION_LEASE_NAMESPACE", ns.name());
        log = ns.file("controller-tests/target/operator-resource.log");
        Files.deleteIfExists(log);
        operator = new OperatorProcess(ns.file(""), kubeconfig, log, env);
        if (shared == null) {
            shared = ns.operator();
            shared.stop();
        }
        operator.start();
    }

    @AfterEach
    void stopOperator() throws Exception {
        operator.stop();
        assertThat(Files.readAllLines(log)).as("requests refused to the operator (%s)", log)
                .filteredOn(line -> line.contains("is forbidden")).isEmpty();
    }

    @Test
    void theExampleRunsAJobSetOfTwoReplicatedJobsToCompletion(TestNamespace ns) throws Exception {
        ns.applyFile("examples/resource-jobset.yaml");
        WorkflowInstance train = awaitEnd(ns, "train-1");
        assertThat(train.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        StepStatus step = ns.step("train-1", "train");
        assertThat(step.attempts).singleElement().satisfies(a -> {
            assertThat(a.outcome).isEqualTo(AttemptOutcome.Succeeded);
            assertThat(a.resource).isEqualTo("JobSet/train-1-train-1");
        });
        assertThat(ns.step("train-1", "report").phase).isEqualTo(StepPhase.Succeeded);
        GenericKubernetesResource jobSet = jobSets(ns).get(0);
        assertThat(jobSets(ns)).as("deleteOnFinish is false by default: the JobSet stays").hasSize(1);
        assertThat(jobSet.getMetadata().getName()).isEqualTo("train-1-train-1");
        assertThat(jobSet.getMetadata().getLabels()).containsEntry("team", "ml").containsEntry("baton.dev/instance", "train-1")
                .containsEntry("baton.dev/step", "train").containsEntry("baton.dev/attempt", "1");
        assertThat(jobSet.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(train.getMetadata().getUid()));
        // JobSet's controller ran it: a Job per replica of each replicated Job, each with its pod.
        List<Job> jobs = ns.jobs();
        assertThat(jobs).extracting(j -> j.getMetadata().getName())
                .containsExactlyInAnyOrder("train-1-train-1-driver-0", "train-1-train-1-workers-0", "train-1-train-1-workers-1");
        assertThat(jobs).allSatisfy(j -> assertThat(j.getStatus().getSucceeded()).isEqualTo(1));
        Job worker = jobs.stream().filter(j -> j.getMetadata().getName().endsWith("workers-1")).findFirst().orElseThrow();
        assertThat(worker.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsExactly("work", "--instance", "train-1");
    }

    @Test
    void aFailedJobSetFailsTheStepWithItsMessageAndIsDeletedOnFinish(TestNamespace ns) throws Exception {
        String example = Files.readString(ns.file("examples/resource-jobset.yaml"));
        ns.apply(example
                .replace("failureCondition: \"object", "deleteOnFinish: true\n        failureCondition: \"object")
                .replace("workflowRef: {name: train}", "workflowRef: {name: train}\n  params: {exitCode: \"1\"}"));
        WorkflowInstance train = awaitEnd(ns, "train-1");
        assertThat(train.getStatus().phase).isEqualTo(InstancePhase.Failed);
        StepStatus step = ns.step("train-1", "train");
        assertThat(step.phase).isEqualTo(StepPhase.Failed);
        assertThat(step.attempts).singleElement().satisfies(a -> {
            assertThat(a.outcome).isEqualTo(AttemptOutcome.UserError);
            assertThat(a.reason).isEqualTo("FailureCondition");
        });
        assertThat(step.message).contains("failureCondition", "is true", "jobset failed");
        assertThat(ns.step("train-1", "report").phase).isEqualTo(StepPhase.Skipped);
        Awaitility.await("the failed JobSet deleted (deleteOnFinish)").atMost(END).until(() -> jobSets(ns).isEmpty());
    }

    @Test
    void aKindTheOperatorMayNotManageAManifestWithoutKindAndANonBooleanConditionAreFieldErrors(TestNamespace ns) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: bad}
                spec:
                  steps:
                    - name: ray
                      resource:
                        manifest: {apiVersion: ray.io/v1, kind: RayJob, spec: {entrypoint: python train.py}}
                        successCondition: "object.status.jobStatus == 'SUCCEEDED'"
                    - name: nameless
                      resource:
                        manifest: {apiVersion: jobset.x-k8s.io/v1alpha2, spec: {}}
                        successCondition: "size(object.status.conditions)"
                """);
        Awaitility.await("a verdict on bad").atMost(END).until(() -> ns.workflow("bad").getStatus() != null
                && ns.workflow("bad").getStatus().conditions.stream().anyMatch(c -> c.getType().equals("Valid")));
        var valid = ns.workflow("bad").getStatus().conditions.stream().filter(c -> c.getType().equals("Valid")).findFirst().orElseThrow();
        assertThat(valid.getStatus()).isEqualTo("False");
        assertThat(valid.getMessage()).contains(
                "spec.steps[0].resource.manifest.kind: RayJob (ray.io/v1) is not a kind this operator may manage (its resourceKinds setting lists: JobSet (jobset.x-k8s.io/v1alpha2))",
                "spec.steps[1].resource.manifest.kind: the manifest needs its kind",
                "spec.steps[1].resource.successCondition: condition \"size(object.status.conditions)\" must give a boolean, but it gives int");
    }

    @Test
    void aStoppedRunDeletesItsJobSet(TestNamespace ns) throws Exception {
        ns.apply(Files.readString(ns.file("examples/resource-jobset.yaml")).replace("workflowRef: {name: train}",
                "workflowRef: {name: train}\n  params: {duration: 5m}"));
        Awaitility.await("the JobSet").atMost(END).until(() -> jobSets(ns).size() == 1 && !ns.jobs().isEmpty());
        ns.kubectl(null, "patch", "bwfi", "train-1", "--type=merge", "-p", "{\"spec\": {\"stop\": \"Stop\"}}");
        assertThat(awaitEnd(ns, "train-1").getStatus().phase).isEqualTo(InstancePhase.Stopped);
        assertThat(ns.step("train-1", "train").attempts).singleElement()
                .satisfies(a -> assertThat(a.outcome).isEqualTo(AttemptOutcome.Stopped));
        Awaitility.await("the stopped JobSet and its Jobs deleted").atMost(END)
                .until(() -> jobSets(ns).isEmpty() && ns.jobs().isEmpty());
    }

    @Test
    void killingTheOperatorMidStepLeavesOneJobSet(TestNamespace ns) throws Exception {
        ns.apply(Files.readString(ns.file("examples/resource-jobset.yaml")).replace("workflowRef: {name: train}",
                "workflowRef: {name: train}\n  params: {duration: 15s}"));
        // Killed the moment the JobSet exists: most often before the status that records its attempt is written.
        Awaitility.await("the JobSet").atMost(END).pollInterval(Duration.ofMillis(20)).until(() -> !jobSets(ns).isEmpty());
        operator.kill();
        operator.start();
        Awaitility.await("the attempt in status").atMost(END).until(() -> {
            WorkflowInstance i = ns.instance("train-1");
            return i.getStatus() != null && i.getStatus().steps.stream().anyMatch(s -> s.name.equals("train") && !s.attempts.isEmpty());
        });
        operator.kill(); // and once more while the JobSet runs
        operator.start();
        WorkflowInstance train = awaitEnd(ns, "train-1");
        assertThat(train.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(jobSets(ns)).as("one JobSet, not two").singleElement()
                .satisfies(j -> assertThat(j.getMetadata().getName()).isEqualTo("train-1-train-1"));
        assertThat(ns.step("train-1", "train").attempts).singleElement()
                .satisfies(a -> assertThat(a.outcome).isEqualTo(AttemptOutcome.Succeeded));
        assertThat(ns.jobs()).as("each Job once").hasSize(3);
    }

    private WorkflowInstance awaitEnd(TestNamespace ns, String instance) throws Exception {
        try {
            return ns.awaitEnd(instance, END);
        } catch (RuntimeException | AssertionError e) {
            System.out.println(ns.kubectl(null, "get", "jobsets,jobs,pods", "-o", "wide").output());
            System.out.println("----- operator log tail (" + log + ") -----");
            List<String> ours = Files.readAllLines(log);
            ours.subList(Math.max(0, ours.size() - 80), ours.size()).forEach(System.out::println);
            System.out.println("----- JobSet controller log tail -----");
            List<String> lines = Files.readAllLines(jobsets.log());
            lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.out::println);
            throw e;
        }
    }

    private static List<GenericKubernetesResource> jobSets(TestNamespace ns) {
        return ns.client().genericKubernetesResources("jobset.x-k8s.io/v1alpha2", "JobSet").inNamespace(ns.name()).list().getItems();
    }
}
