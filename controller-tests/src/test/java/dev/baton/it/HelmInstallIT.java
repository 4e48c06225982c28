package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import dev.baton.it.realnode.RealNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The install users do: `helm install` of helm/baton with the operator image from a registry (the local
 * cluster's, which `make test` and `make realnode-test` push to), on the real node, which pulls and runs it.
 * The operator pod reaches the API server through the kubernetes Service (the node's kube-proxy); its
 * probes make the Deployment Available; it runs an example; its metrics are scraped through the metrics
 * Service from another pod; `helm upgrade` rolls it while a run goes on, which still ends with every step
 * run once; `helm uninstall` removes everything the chart made. With watchNamespaces it leaves other
 * namespaces alone (HelmChartIT proves its identity is refused there). On failure it prints the operator
 * pods' description, events and logs: an image that cannot be pulled shows there, as the second test checks.
 */
@Tag("realnode")
@ExtendWith(BatonCluster.class)
class HelmInstallIT {
    private static final String RELEASE = HelmOperator.RELEASE;
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration END = Duration.ofSeconds(150);
    private static final String TAG = HelmOperator.TAG;

    /** A run long enough to span the upgrade's rollout: steps on kwok's nodes, the first for 40 s. */
    private static final String LONG_RUN = """
            apiVersion: baton.dev/v1alpha1
            kind: Workflow
            metadata: {name: long}
            spec:
              steps:
                - {name: first, bash: {script: "true"}, podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: 40s}}}}
                - {name: second, dependsOn: [first], bash: {script: "true"}}
                - {name: beside, bash: {script: "true"}, podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: 20s}}}}
                - {name: last, dependsOn: [second, beside], bash: {script: "true"}}
            ---
            apiVersion: baton.dev/v1alpha1
            kind: WorkflowInstance
            metadata: {name: long-1}
            spec: {workflowRef: {name: long}}
            """;

    @Test
    void helmInstallUpgradeAndUninstallOnTheRealNode(TestNamespace ns) throws Exception {
        String registry = HelmOperator.registryWithTheImage(ns);
        HelmChart chart = new HelmChart(ns.file(""));
        Path dir = ns.file("controller-tests/target/helm-values");
        Path values = HelmChart.values(dir, ns.name() + "-install.yaml", HelmOperator.values(ns, registry, TAG));
        Path upgrade = HelmChart.values(dir, ns.name() + "-upgrade.yaml", "launchPerSecond: 50\n");
        String other = "helm-other-" + ns.name().substring(ns.name().lastIndexOf('-') + 1); // the test namespace's suffix
        ns.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(other).endMetadata().build()).create();

        ns.operator().stop(); // the host's operator watches every namespace: this test's operator is the chart's
        try {
            chart.install(RELEASE, ns.name(), BatonCluster.kubeconfig(), values);
            Pod first = awaitRollout(ns);
            assertThat(first.getSpec().getNodeName()).isEqualTo(RealNode.NAME);

            ns.applyFile("examples/hello.yaml");
            assertThat(ns.awaitEnd("hello-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
            assertThat(scrapeFromAPod(ns)).as("metrics scraped through the Service baton-metrics")
                    .containsPattern("baton_step_attempts_total\\{[^}]*workflow=\"hello\"[^}]*\\} 1\\.0");

            // Outside watchNamespaces: an instance nobody reconciles. It is checked once the long run has ended.
            apply(ns, other, "examples/hello.yaml");

            ns.apply(LONG_RUN);
            ns.awaitPhase("long-1", InstancePhase.Running, END);
            chart.upgrade(RELEASE, ns.name(), BatonCluster.kubeconfig(), values, upgrade);
            Pod second = awaitRollout(ns);
            assertThat(second.getMetadata().getUid()).as("a new operator pod").isNotEqualTo(first.getMetadata().getUid());
            assertThat(second.getSpec().getContainers().get(0).getEnv()).as("the upgraded value")
                    .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("BATON_LAUNCH_PER_SECOND=50"));
            WorkflowInstance run = ns.awaitEnd("long-1", END);
            assertThat(run.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
            Instant rolled = Instant.parse(second.getMetadata().getCreationTimestamp());
            // It was Running before the upgrade began; it ended under the new pod.
            assertThat(Instant.parse(run.getStatus().completionTime)).as("the run ended under the upgraded operator").isAfter(rolled);
            assertThat(run.getStatus().steps).extracting(s -> s.name).containsExactlyInAnyOrder("first", "second", "beside", "last");
            assertThat(run.getStatus().steps).as("every step ran once").allSatisfy(s -> assertThat(s.attempts).hasSize(1));

            WorkflowInstance ignored = ns.client().resources(WorkflowInstance.class).inNamespace(other).withName("hello-1").get();
            assertThat(ignored.getStatus().phase).as("an instance outside watchNamespaces is not reconciled (no phase)").isNull();
            assertThat(ignored.getStatus().observedGeneration).isNull();
            assertThat(HelmOperator.logs(ns)).as("the operator was refused nothing").doesNotContain("is forbidden");

            HelmChart.uninstall(RELEASE, ns.name(), BatonCluster.kubeconfig());
            assertOnlyTheCrdsAndTheLeaseRemain(ns);
        } catch (AssertionError | RuntimeException e) {
            System.out.println(HelmOperator.diagnostics(ns));
            throw e;
        } finally {
            HelmChart.uninstall(RELEASE, ns.name(), BatonCluster.kubeconfig());
            ns.client().namespaces().withName(other).delete();
            ns.operator().start();
        }
    }

    @Test
    void anImageThatCannotBePulledKeepsTheDeploymentUnavailableAndTheDiagnosticsSayWhy(TestNamespace ns) throws Exception {
        Assumptions.assumeTrue(RealNode.get(ns.client()) != null,
                "the cluster has no real node: start it with BATON_REAL_NODE=true controller-tests/cluster/up.sh");
        Path values = HelmChart.values(ns.file("controller-tests/target/helm-values"), ns.name() + "-missing.yaml",
                HelmOperator.values(ns, RealNode.registry(ns.client()), "no-such-tag"));
        try {
            new HelmChart(ns.file("")).install(RELEASE, ns.name(), BatonCluster.kubeconfig(), values);
            Awaitility.await("the operator pod to fail pulling its image").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> HelmOperator.pods(ns).stream()
                            .flatMap(p -> p.getStatus().getContainerStatuses().stream())
                            .anyMatch(c -> c.getState().getWaiting() != null
                                    && List.of("ErrImagePull", "ImagePullBackOff").contains(c.getState().getWaiting().getReason())));
            Deployment d = ns.client().apps().deployments().inNamespace(ns.name()).withName(RELEASE).get();
            assertThat(d.getStatus().getAvailableReplicas()).as("available replicas").isNull();
            assertThat(HelmOperator.diagnostics(ns)).as("what the install test prints when the Deployment is not Available")
                    .containsPattern("Failed to pull image \"[^\"]*/baton/operator:no-such-tag\"")
                    .containsPattern("ErrImagePull|ImagePullBackOff");
        } finally {
            HelmChart.uninstall(RELEASE, ns.name(), BatonCluster.kubeconfig());
        }
    }

    /** Waits until the Deployment is Available with its one replica updated (probes passed) and the old pods gone. */
    private static Pod awaitRollout(TestNamespace ns) {
        Awaitility.await("the operator Deployment to be Available with one updated replica").atMost(START)
                .pollInterval(Duration.ofSeconds(2)).until(() -> {
                    Deployment d = ns.client().apps().deployments().inNamespace(ns.name()).withName(RELEASE).get();
                    return d != null && d.getStatus() != null && d.getStatus().getObservedGeneration() != null
                            && d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration()
                            && Integer.valueOf(1).equals(d.getStatus().getUpdatedReplicas())
                            && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas())
                            && Integer.valueOf(1).equals(d.getStatus().getReplicas())
                            && d.getStatus().getConditions().stream()
                                    .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()))
                            && HelmOperator.pods(ns).size() == 1;
                });
        return HelmOperator.pods(ns).get(0);
    }

    /** GET /q/metrics from a pod on the real node, through the metrics Service's name; returns what it printed. */
    private static String scrapeFromAPod(TestNamespace ns) {
        String python = RealNode.get(ns.client()).getMetadata().getAnnotations().get(RealNode.PYTHON_IMAGE);
        ns.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: scraper}
                spec:
                  restartPolicy: Never
                  nodeSelector: {%s: "true"}
                  tolerations: [{key: %s, operator: Exists, effect: NoSchedule}]
                  securityContext: {runAsNonRoot: true, runAsUser: 1000}
                  containers:
                  - name: scrape
                    image: %s
                    command: [python3, -c, "import urllib.request as u; print(u.urlopen('http://%s-metrics:8080/q/metrics', timeout=10).read().decode())"]
                """.formatted(RealNode.LABEL, RealNode.TAINT, python, RELEASE));
        Awaitility.await("the scraper pod to end").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Pod p = ns.client().pods().inNamespace(ns.name()).withName("scraper").get();
            return p != null && p.getStatus() != null && List.of("Succeeded", "Failed").contains(p.getStatus().getPhase());
        });
        String out = ns.kubectl(null, "logs", "scraper").output();
        assertThat(ns.client().pods().inNamespace(ns.name()).withName("scraper").get().getStatus().getPhase())
                .as("the scraper pod; its log: %s", out).isEqualTo("Succeeded");
        return out;
    }

    /**
     * After `helm uninstall`: nothing the chart made is left (namespaced or cluster-wide); the CRDs stay (Helm never
     * deletes them, so the Workflows and their runs survive), and so does the Lease the operator wrote for leader
     * election, which is not Helm's.
     */
    private static void assertOnlyTheCrdsAndTheLeaseRemain(TestNamespace ns) {
        Awaitility.await("the chart's objects and the operator pod to be gone").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(released(ns)).isEmpty());
        assertThat(ns.client().leases().inNamespace(ns.name()).list().getItems()).extracting(l -> l.getMetadata().getName())
                .containsExactly("baton-leader");
        assertThat(ns.client().apiextensions().v1().customResourceDefinitions().list().getItems())
                .extracting(c -> c.getSpec().getGroup()).filteredOn("baton.dev"::equals).isNotEmpty();
    }

    /** Every object labelled with the release, of the kinds the chart makes or its Deployment makes. */
    private static List<String> released(TestNamespace ns) {
        var c = ns.client();
        String n = ns.name();
        return Stream.<List<? extends HasMetadata>>of(c.apps().deployments().inNamespace(n).withLabel("app.kubernetes.io/instance", RELEASE).list().getItems(),
                        c.apps().replicaSets().inNamespace(n).withLabel("app.kubernetes.io/instance", RELEASE).list().getItems(),
                        c.pods().inNamespace(n).withLabel("app.kubernetes.io/instance", RELEASE).list().getItems(),
                        c.services().inNamespace(n).withLabel("app.kubernetes.io/instance", RELEASE).list().getItems(),
                        c.serviceAccounts().inNamespace(n).withLabel("app.kubernetes.io/instance", RELEASE).list().getItems(),
                        c.rbac().roles().inNamespace(n).withLabel("app.kubernetes.io/instance", RELEASE).list().getItems(),
                        c.rbac().roleBindings().inNamespace(n).withLabel("app.kubernetes.io/instance", RELEASE).list().getItems(),
                        c.rbac().clusterRoles().withLabel("app.kubernetes.io/instance", RELEASE).list().getItems().stream()
                                .filter(r -> r.getMetadata().getName().contains(n)).toList(),
                        c.rbac().clusterRoleBindings().withLabel("app.kubernetes.io/instance", RELEASE).list().getItems().stream()
                                .filter(r -> r.getMetadata().getName().contains(n)).toList(),
                        c.secrets().inNamespace(n).withLabel("owner", "helm").list().getItems())
                .flatMap(List::stream).map(o -> o.getKind() + "/" + o.getMetadata().getName())
                .toList();
    }

    private static void apply(TestNamespace ns, String namespace, String file) throws java.io.IOException {
        TestNamespace.Kubectl r = ns.kubectl(java.nio.file.Files.readString(ns.file(file)), "apply", "-n", namespace, "-f", "-");
        assertThat(r.exitCode()).as("kubectl apply: %s", r.output()).isZero();
    }
}
