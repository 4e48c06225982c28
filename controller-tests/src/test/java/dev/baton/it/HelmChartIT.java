package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.LintResult;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Helm chart: it renders and lints, refuses bad values, carries the repository's CRDs, and grants the
 * operator exactly what it needs: the operator, run with nothing but the chart's ServiceAccount token,
 * completes a workflow, and that identity is refused everything else.
 */
@ExtendWith(BatonCluster.class)
class HelmChartIT {
    private static final String RELEASE = "baton";
    private static final String SERVICE_ACCOUNT = "baton";
    private static final Duration END = Duration.ofSeconds(90);

    @Test
    void theChartCarriesTheRepositorysCrdsByteForByte(TestNamespace ns) throws IOException {
        Path crds = ns.file("crds");
        Path chartCrds = new HelmChart(ns.file("")).dir().resolve("crds");
        assertThat(names(chartCrds)).as("helm/baton/crds/ lists the files of crds/").isEqualTo(names(crds));
        for (String name : names(crds)) {
            assertThat(Files.mismatch(crds.resolve(name), chartCrds.resolve(name)))
                    .as("helm/baton/crds/%s differs from crds/%s: copy crds/*.yml into helm/baton/crds/", name, name)
                    .isEqualTo(-1L);
        }
    }

    @Test
    void defaultValuesLintAndRenderAClusterWideOperator(TestNamespace ns) {
        HelmChart chart = new HelmChart(ns.file(""));
        LintResult lint = chart.lint();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();

        List<HasMetadata> objects = chart.render(ns.client(), RELEASE, "baton-system");
        // The operator's and the console's (get pods/log in readOnly mode) ClusterRoles; the metrics' and the console's Services.
        assertThat(kinds(objects)).containsExactlyInAnyOrder("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "ClusterRole",
                "ClusterRoleBinding", "Role", "RoleBinding", "Service", "Service", "Deployment");
        assertThat(one(objects, Role.class).getMetadata().getName()).isEqualTo("baton-leader-election");
        assertNoWildcards(objects);

        Deployment deployment = one(objects, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getServiceAccountName()).isEqualTo(SERVICE_ACCOUNT);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        Container operator = pod.getContainers().get(0);
        assertThat(operator.getImage()).isEqualTo("baton/operator:0.1.0-SNAPSHOT");
        assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(env(operator)).containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "JOSDK_ALL_NAMESPACES")
                .containsEntry("BATON_STEP_BASH_IMAGE", "debian:bookworm-slim")
                .containsEntry("BATON_STEP_PYTHON_IMAGE", "python:3.12-slim")
                .containsEntry("BATON_STEP_SQL_IMAGE", "localhost/baton/step-sql:bookworm-1")
                .containsEntry("BATON_LEADER_ELECTION_ENABLED", "true")
                .containsEntry("BATON_LEADER_ELECTION_LEASE_NAME", "baton-leader")
                .containsEntry("BATON_LEADER_ELECTION_LEASE_DURATION_SECONDS", "10")
                .containsEntry("BATON_LEADER_ELECTION_RENEW_DEADLINE_SECONDS", "7")
                .containsEntry("BATON_LEADER_ELECTION_RETRY_PERIOD_SECONDS", "2")
                .containsEntry("BATON_CLIENT_QPS", "500").containsEntry("BATON_CLIENT_BURST", "1000")
                .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        Service metrics = objects.stream().filter(o -> o instanceof Service && o.getMetadata().getName().endsWith("-metrics"))
                .map(Service.class::cast).findFirst().orElseThrow();
        assertThat(metrics.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(8080));
        assertThat(metrics.getMetadata().getAnnotations()).containsEntry("prometheus.io/path", "/q/metrics");
    }

    @Test
    void aNamespaceListRendersARolePerNamespaceAndNoClusterRole(TestNamespace ns) {
        HelmChart chart = new HelmChart(ns.file(""));
        List<HasMetadata> objects = chart.render(ns.client(), RELEASE, "baton-system",
                chart.dir().resolve("ci/namespaced-values.yaml"));
        assertThat(kinds(objects)).doesNotContain("ClusterRole", "ClusterRoleBinding");
        assertThat(objects).filteredOn(o -> o instanceof Role && !o.getMetadata().getName().endsWith("-console"))
                .extracting(o -> o.getMetadata().getNamespace()).containsExactlyInAnyOrder("team-a", "team-b", "baton-system");
        // The console (readOnly by default) reads step logs in the watched namespaces only.
        assertThat(objects).filteredOn(o -> o instanceof Role && o.getMetadata().getName().endsWith("-console"))
                .extracting(o -> o.getMetadata().getNamespace()).containsExactlyInAnyOrder("team-a", "team-b");
        assertNoWildcards(objects);
        Deployment deployment = one(objects, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(env(deployment.getSpec().getTemplate().getSpec().getContainers().get(0)))
                .containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "team-a,team-b");

        Path values = ns.file("controller-tests/target/helm-values");
        List<HasMetadata> withMonitor = chart.render(ns.client(), RELEASE, "baton-system", write(values, "monitor.yaml",
                "metrics: {serviceMonitor: {enabled: true, labels: {release: prometheus}}}\n"));
        assertThat(kinds(withMonitor)).contains("ServiceMonitor");
    }

    @Test
    void aPodPolicyPassesItsSettingsAndGrantsOnlyReadingNamespaces(TestNamespace ns) {
        HelmChart chart = new HelmChart(ns.file(""));
        Path values = write(ns.file("controller-tests/target/helm-values"), "pod-policy.yaml",
                "podPolicy: {enabled: true, serviceAccounts: [etl, default]}\n");
        List<HasMetadata> objects = chart.render(ns.client(), RELEASE, "baton-system",
                chart.dir().resolve("ci/namespaced-values.yaml"), values);
        ClusterRole namespaces = operatorRole(objects);
        assertThat(namespaces.getMetadata().getName()).endsWith("-namespaces");
        assertThat(namespaces.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getResources()).containsExactly("namespaces");
            assertThat(rule.getVerbs()).containsExactly("get", "list", "watch");
        });
        assertThat(kinds(objects)).contains("ClusterRoleBinding");
        assertThat(env(one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0)))
                .containsEntry("BATON_POD_POLICY_ENABLED", "true").containsEntry("BATON_POD_POLICY_SERVICE_ACCOUNTS", "etl,default");
        assertNoWildcards(objects);
    }

    @Test
    void resourceKindsAreGrantedTheVerbsResourceStepsUseAndNothingElseAndReachTheOperator(TestNamespace ns) {
        HelmChart chart = new HelmChart(ns.file(""));
        Path values = write(ns.file("controller-tests/target/helm-values"), "resource-kinds.yaml", """
                resourceKinds:
                  - {group: jobset.x-k8s.io, version: v1alpha2, kind: JobSet, plural: jobsets}
                  - {group: "", version: v1, kind: ConfigMap, plural: configmaps}
                """);
        List<HasMetadata> objects = chart.render(ns.client(), RELEASE, "baton-system", values);
        ClusterRole role = operatorRole(objects);
        assertThat(role.getRules()).filteredOn(r -> r.getApiGroups().contains("jobset.x-k8s.io")).singleElement().satisfies(r -> {
            assertThat(r.getResources()).containsExactly("jobsets");
            assertThat(r.getVerbs()).containsExactly("get", "list", "watch", "create", "delete");
        });
        assertThat(role.getRules()).filteredOn(r -> r.getResources().contains("configmaps")).singleElement()
                .satisfies(r -> assertThat(r.getApiGroups()).containsExactly(""));
        assertNoWildcards(objects);
        assertThat(env(one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0)))
                .containsEntry("BATON_RESOURCE_KINDS", "jobset.x-k8s.io/v1alpha2/JobSet/jobsets,/v1/ConfigMap/configmaps");
        List<HasMetadata> none = chart.render(ns.client(), RELEASE, "baton-system");
        assertThat(env(one(none, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0)))
                .doesNotContainKey("BATON_RESOURCE_KINDS");
        assertThat(operatorRole(none).getRules()).noneSatisfy(r -> assertThat(r.getResources()).contains("jobsets"));
    }

    @Test
    void theConsoleHasAServiceAnOptionalIngressAndItsKubernetesModeAloneReviewsAndImpersonates(TestNamespace ns) {
        HelmChart chart = new HelmChart(ns.file(""));
        List<HasMetadata> readOnly = chart.render(ns.client(), RELEASE, "baton-system");
        assertThat(readOnly).filteredOn(o -> o instanceof io.fabric8.kubernetes.api.model.Service)
                .extracting(o -> o.getMetadata().getName()).contains(RELEASE + "-console");
        assertThat(kinds(readOnly)).doesNotContain("Ingress");
        assertThat(env(one(readOnly, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0)))
                .containsEntry("BATON_CONSOLE_MODE", "readOnly").containsEntry("BATON_CONSOLE_ENABLED", "true");
        assertThat(HelmChart.rules(readOnly)).noneMatch(r -> r.getVerbs().contains("impersonate") || r.getResources().contains("tokenreviews"));

        Path values = write(ns.file("controller-tests/target/helm-values"), "console.yaml",
                "console: {mode: kubernetes, ingress: {enabled: true, host: baton.example.com, className: nginx}}\n");
        List<HasMetadata> kubernetes = chart.render(ns.client(), RELEASE, "baton-system", chart.dir().resolve("ci/namespaced-values.yaml"), values);
        var ingress = one(kubernetes, io.fabric8.kubernetes.api.model.networking.v1.Ingress.class);
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo("baton.example.com");
        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getPath()).isEqualTo("/console");
        ClusterRole console = kubernetes.stream().filter(o -> o instanceof ClusterRole && o.getMetadata().getName().endsWith("-console"))
                .map(ClusterRole.class::cast).findFirst().orElseThrow();
        assertThat(console.getRules()).extracting(r -> String.join(",", r.getResources()) + ":" + String.join(",", r.getVerbs()))
                .containsExactly("tokenreviews:create", "subjectaccessreviews:create", "users,groups,serviceaccounts:impersonate");
        assertThat(HelmChart.rules(kubernetes)).noneMatch(r -> r.getResources().contains("pods/log"));
        assertNoWildcards(kubernetes);
        assertThatThrownBy(() -> chart.template(RELEASE, "baton-system", write(ns.file("controller-tests/target/helm-values"),
                "bad-console.yaml", "console: {mode: open}\n"))).hasMessageContaining("/console/mode");
    }

    @Test
    void httpValuesPassTheAllowListAndSecretHeadersGrantOnlyGettingSecrets(TestNamespace ns) {
        HelmChart chart = new HelmChart(ns.file(""));
        Container byDefault = one(chart.render(ns.client(), RELEASE, "baton-system"), Deployment.class)
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(env(byDefault)).doesNotContainKey("BATON_HTTP_ALLOW").containsEntry("BATON_HTTP_CONCURRENCY", "16");
        Path values = write(ns.file("controller-tests/target/helm-values"), "http.yaml",
                "http: {allow: [api.example.com, \"10.0.0.0/8:443\"], secretHeaders: true, maxResponseBytes: 65536}\n");
        List<HasMetadata> objects = chart.render(ns.client(), RELEASE, "baton-system", values);
        assertThat(env(one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0)))
                .containsEntry("BATON_HTTP_ALLOW", "api.example.com,10.0.0.0/8:443")
                .containsEntry("BATON_HTTP_MAX_RESPONSE_BYTES", "65536");
        assertThat(HelmChart.rules(objects)).filteredOn(r -> r.getResources().contains("secrets")).singleElement()
                .satisfies(r -> assertThat(r.getVerbs()).containsExactly("get"));
        assertNoWildcards(objects);
    }

    @Test
    void wrongValuesAreRefusedWithAMessageNamingThem(TestNamespace ns) {
        HelmChart chart = new HelmChart(ns.file(""));
        Path dir = ns.file("controller-tests/target/helm-values");
        Map<String, String> refusals = Map.ofEntries(
                Map.entry("replicas: 2\n", "additional properties 'replicas' not allowed"),
                Map.entry("image: {repository: baton/operator, pullPolicy: Sometimes}\n", "/image/pullPolicy"),
                Map.entry("watchNamespaces: [Team_A]\n", "/watchNamespaces/0"),
                Map.entry("log: {format: xml}\n", "/log/format"),
                Map.entry("client: {qps: -1}\n", "/client/qps"),
                Map.entry("replicaCount: 2\nleaderElection: {enabled: false}\n", "/leaderElection/enabled"),
                Map.entry("leaderElection: {retryPeriodSeconds: 0}\n", "/leaderElection/retryPeriodSeconds"),
                Map.entry("leaderElection: {renewDeadlineSeconds: 10}\n", "retryPeriodSeconds < renewDeadlineSeconds < leaseDurationSeconds"),
                Map.entry("resourceKinds: [{group: jobset.x-k8s.io, version: v1alpha2, kind: jobset, plural: jobsets}]\n", "/resourceKinds/0/kind"),
                Map.entry("resourceKinds: [{group: jobset.x-k8s.io, kind: JobSet, plural: jobsets}]\n", "/resourceKinds/0"),
                Map.entry("http: {allow: [\"a, b\"]}\n", "/http/allow/0"));
        int n = 0;
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            Path values = write(dir, "bad-" + n++ + ".yaml", refusal.getKey());
            assertThatThrownBy(() -> chart.template(RELEASE, "baton-system", values)).as(refusal.getKey())
                    .hasMessageContaining(refusal.getValue());
        }
    }

    @Test
    void theChartsIdentityRunsAWorkflowAndIsRefusedTheRest(TestNamespace ns) throws Exception {
        HelmChart chart = new HelmChart(ns.file(""));
        Path values = write(ns.file("controller-tests/target/helm-values"), ns.name() + ".yaml", """
                replicaCount: 0            # no image can be pulled here: the test runs the operator itself
                watchNamespaces: [%s]
                log: {format: json}
                client: {qps: 50, burst: 100}
                """.formatted(ns.name()));
        chart.install(RELEASE, ns.name(), BatonCluster.kubeconfig(), values);
        String as = "--as=system:serviceaccount:" + ns.name() + ":" + SERVICE_ACCOUNT;

        // (d) what it may do, and what it may not
        for (String allowed : List.of("create pods", "delete pods", "watch pods", "create jobs.batch", "delete jobs.batch",
                "create controllerrevisions.apps", "get controllerrevisions.apps", "create events", "list events",
                "list workflowinstances.baton.dev", "get workflows.baton.dev", "create leases.coordination.k8s.io",
                "create workflowinstances.baton.dev", "delete workflowinstances.baton.dev", "patch workflowinstances.baton.dev",
                "update leases.coordination.k8s.io/baton-leader", "patch leases.coordination.k8s.io/baton-leader",
                // A running attempt missing from the cache is asked of the API server before it counts as deleted.
                "get jobs.batch", "get pods", "create signals.baton.dev",
                // Shared concurrency limits: read the limits, write their status (the grant's optimistic-concurrency
                // update, the counts' patch), and the Permit objects that record grants.
                "get concurrencylimits.baton.dev", "watch concurrencylimits.baton.dev", "list permits.baton.dev",
                "create permits.baton.dev", "patch permits.baton.dev", "delete permits.baton.dev",
                // The console in readOnly mode (the default) reads step logs as the operator.
                "get pods --subresource=log")) {
            assertThat(canI(ns, as, allowed)).as("can-i %s", allowed).isEqualTo("yes");
        }
        assertThat(canI(ns, as, "patch workflowinstances.baton.dev --subresource=status")).isEqualTo("yes");
        assertThat(canI(ns, as, "update concurrencylimits.baton.dev --subresource=status")).isEqualTo("yes");
        assertThat(canI(ns, as, "patch concurrencylimits.baton.dev --subresource=status")).isEqualTo("yes");
        for (String refused : List.of("get secrets", "list secrets", "list configmaps", "delete namespaces",
                "create clusterroles.rbac.authorization.k8s.io", "create rolebindings.rbac.authorization.k8s.io",
                "create pods --subresource=exec", "create deployments.apps", "update workflows.baton.dev",
                "update workflowinstances.baton.dev", "delete workflows.baton.dev", "update events",
                "patch leases.coordination.k8s.io/someone-elses-lease",
                // A limit is the user's: the operator never changes or removes one, nor a permit's status.
                "create concurrencylimits.baton.dev", "update concurrencylimits.baton.dev", "patch concurrencylimits.baton.dev",
                "delete concurrencylimits.baton.dev", "update permits.baton.dev",
                "create serviceaccounts --subresource=token",
                // Only the console's kubernetes mode reviews tokens and impersonates.
                "create tokenreviews.authentication.k8s.io", "create subjectaccessreviews.authorization.k8s.io",
                "impersonate users", "impersonate serviceaccounts",
                "list pods -n default", "create jobs.batch -n default", "list workflowinstances.baton.dev -A")) {
            assertThat(canI(ns, as, refused)).as("can-i %s", refused).isEqualTo("no");
        }

        // (c) the operator, with the chart's settings and its ServiceAccount's token only
        Path kubeconfig = tokenKubeconfig(ns, ns.file("controller-tests/target/helm-" + ns.name() + ".kubeconfig"));
        Deployment deployment = one(chart.render(ns.client(), RELEASE, ns.name(), values), Deployment.class);
        Map<String, String> env = env(deployment.getSpec().getTemplate().getSpec().getContainers().get(0));
        env.remove("JAVA_OPTS_APPEND"); // the image's entry point reads it; here the JVM starts directly
        env.put("BATON_LEADER_ELECTION_LEASE_NAMESPACE", ns.name());
        Path log = ns.file("controller-tests/target/operator-helm.log");
        Files.deleteIfExists(log);
        OperatorProcess restricted = new OperatorProcess(ns.file(""), kubeconfig, log, env);
        ns.operator().stop();
        try {
            restricted.start();
            runAWorkflowWithARetriedIgnoredFailure(ns);
            List<String> lines = Files.readAllLines(log);
            assertThat(lines).as("requests refused to the operator (%s)", log)
                    .filteredOn(line -> line.contains("is forbidden")).isEmpty();
            // log.format: json → one JSON object per line, with the level and the message as fields.
            assertThat(lines).as("operator log lines (%s)", log).isNotEmpty().allSatisfy(line -> assertThat(
                    new ObjectMapper().readTree(line).has("message")).isTrue());
        } catch (AssertionError | RuntimeException e) {
            printTail(log);
            throw e;
        } finally {
            restricted.stop();
            ns.operator().start();
        }
    }

    @Test
    void aClusterWideInstallBindsItsClusterRoleAndUninstallRemovesIt(TestNamespace ns) throws Exception {
        HelmChart chart = new HelmChart(ns.file(""));
        Path values = write(ns.file("controller-tests/target/helm-values"), ns.name() + "-cluster.yaml", "replicaCount: 0\n");
        String clusterName = RELEASE + "-" + ns.name();
        String as = "--as=system:serviceaccount:" + ns.name() + ":" + SERVICE_ACCOUNT;
        try {
            chart.install(RELEASE, ns.name(), BatonCluster.kubeconfig(), values);
            ClusterRole role = ns.client().rbac().clusterRoles().withName(clusterName).get();
            assertThat(role).as("ClusterRole %s", clusterName).isNotNull();
            assertThat(ns.client().rbac().clusterRoleBindings().withName(clusterName).get()).isNotNull();
            assertThat(canI(ns, as, "list workflowinstances.baton.dev -A")).isEqualTo("yes");
            assertThat(canI(ns, as, "create pods -n default")).isEqualTo("yes");
            assertThat(canI(ns, as, "get secrets -A")).isEqualTo("no");
            assertThat(canI(ns, as, "list nodes")).isEqualTo("no");
            assertThat(canI(ns, as, "create leases.coordination.k8s.io -n default")).isEqualTo("no");
        } finally {
            HelmChart.uninstall(RELEASE, ns.name(), BatonCluster.kubeconfig());
        }
        assertThat(ns.client().rbac().clusterRoles().withName(clusterName).get()).isNull();
        assertThat(ns.client().rbac().clusterRoleBindings().withName(clusterName).get()).isNull();
    }

    private static void runAWorkflowWithARetriedIgnoredFailure(TestNamespace ns) {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: least-privilege}
                spec:
                  steps:
                    - name: flaky
                      retry: {errors: 1, backoff: {type: Fixed, base: 1s}}
                      onFailure: Ignore
                      bash: {script: "exit 3"}
                      podTemplate: {metadata: {annotations: {kwok.baton.dev/exit-code: "3"}}}
                    - name: bare
                      executor: Pod
                      container: {image: "busybox:1.36", command: [echo, hi]}
                      podTemplate: {metadata: {annotations: {kwok.baton.dev/message: '{"ok": true}'}}}
                    - {name: after, dependsOn: [flaky], noop: {}}
                    - name: fan-out
                      foreach:
                        params: {part: [a, b, c]}
                        concurrency: 2
                        retention: 0
                        steps:
                          - {name: work, container: {image: "busybox:1.36", args: ["${part}"]}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: least-privilege-1}
                spec: {workflowRef: {name: least-privilege}}
                """);
        WorkflowInstance i = ns.awaitEnd("least-privilege-1", END);
        assertThat(i.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(ns.step("least-privilege-1", "fan-out").foreach.succeeded).as("foreach iterations, created and deleted")
                .isEqualTo(3);
        StepStatus flaky = ns.step("least-privilege-1", "flaky");
        assertThat(flaky.phase).isEqualTo(StepPhase.CompletedWithError);
        assertThat(flaky.attempts).hasSize(2).allSatisfy(a -> {
            assertThat(a.outcome).isEqualTo(AttemptOutcome.UserError);
            assertThat(a.exitCode).isEqualTo(3);
        });
        assertThat(ns.step("least-privilege-1", "bare").outputs).containsEntry("ok", true);
        assertThat(ns.step("least-privilege-1", "after").phase).isEqualTo(StepPhase.Succeeded);
        assertThat(ns.workflow("least-privilege").getStatus().revision).isNotNull();
        assertThat(ns.kubectl(null, "get", "events").output()).contains("StepRetrying", "InstanceSucceeded");
    }

    /** kubectl auth can-i as the chart's ServiceAccount: "yes" or "no". */
    private static String canI(TestNamespace ns, String as, String what) {
        List<String> args = new java.util.ArrayList<>(List.of("auth", "can-i"));
        args.addAll(List.of(what.split(" ")));
        args.add(as);
        String[] lines = ns.kubectl(null, args.toArray(String[]::new)).output().trim().split("\n");
        return lines[lines.length - 1].trim(); // after any "Warning: resource 'x' is not namespace scoped"
    }

    /** A kubeconfig holding only a token of the chart's ServiceAccount, for the admin's server and CA (ResourceStepIT's too). */
    static Path tokenKubeconfig(TestNamespace ns, Path file) throws IOException {
        TestNamespace.Kubectl token = ns.kubectl(null, "create", "token", SERVICE_ACCOUNT, "--duration=1h");
        assertThat(token.exitCode()).as("kubectl create token: %s", token.output()).isZero();
        Config admin = Config.fromKubeconfig(Files.readString(BatonCluster.kubeconfig()));
        return Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster: {server: "%s", certificate-authority-data: "%s"}
                users:
                - name: %s
                  user: {token: "%s"}
                contexts:
                - name: test
                  context: {cluster: test, user: %s, namespace: %s}
                current-context: test
                """.formatted(admin.getMasterUrl().replaceAll("/$", ""), admin.getCaCertData(), SERVICE_ACCOUNT,
                token.output().trim(), SERVICE_ACCOUNT, ns.name()));
    }

    private static void assertNoWildcards(List<HasMetadata> objects) {
        List<PolicyRule> rules = HelmChart.rules(objects);
        assertThat(rules).isNotEmpty().allSatisfy(rule -> assertThat(Stream.of(rule.getApiGroups(), rule.getResources(),
                rule.getVerbs(), rule.getResourceNames()).filter(l -> l != null).flatMap(List::stream))
                .as("rule %s", rule).noneMatch(s -> s.contains("*")));
    }

    private static List<String> kinds(List<HasMetadata> objects) {
        return objects.stream().map(HasMetadata::getKind).toList();
    }

    /** The operator's own ClusterRole: the console's (readOnly: pods/log; kubernetes mode: reviews) is another. */
    private static ClusterRole operatorRole(List<HasMetadata> objects) {
        List<ClusterRole> found = objects.stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
                .filter(r -> !r.getMetadata().getName().endsWith("-console")).toList();
        assertThat(found).as("rendered operator ClusterRole").hasSize(1);
        return found.get(0);
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as("rendered %s", type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    /** The container's plain environment variables (those with a value, not a valueFrom). */
    static Map<String, String> env(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : container.getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            }
        }
        return env;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
                    .sorted().toList();
        }
    }

    private static Path write(Path dir, String name, String yaml) {
        try {
            return HelmChart.values(dir, name, yaml);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void printTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            System.out.println("----- restricted operator log (last 150 lines) -----");
            lines.subList(Math.max(0, lines.size() - 150), lines.size()).forEach(System.out::println);
        } catch (IOException e) {
            System.out.println("no restricted operator log: " + e.getMessage());
        }
    }
}
