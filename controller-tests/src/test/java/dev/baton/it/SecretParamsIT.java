package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A param from a Secret reaches its steps' containers only as env vars from the Secret, and its value is
 * in nothing Baton writes or says: statuses, child instances, revisions, Events, Jobs, Pods, the
 * operator's log (with Baton's own logging at DEBUG) and its metrics. The run goes through a foreach, a
 * subworkflow (whose pod runs with the Pod executor), a retried step and a failure.
 */
@ExtendWith(BatonCluster.class)
class SecretParamsIT {
    private static final Duration END = Duration.ofSeconds(120);
    /** The Secret's value: a string nothing else in the cluster or the log could contain by chance. */
    private static final String VALUE = "s3cr3t-9f2c71d4-never-seen";

    @Test
    void aSecretParamsValueIsNowhereButInTheSecret(TestNamespace ns) throws Exception {
        Path log = ns.file("controller-tests/target/operator-secrets.log");
        Files.deleteIfExists(log);
        OperatorProcess debug = new OperatorProcess(ns.file(""), BatonCluster.kubeconfig(), log,
                Map.of("QUARKUS_LOG_CATEGORY__DEV_BATON__LEVEL", "DEBUG"));
        ns.operator().stop();
        try {
            debug.start();
            ns.apply(SPEC.formatted(VALUE));
            WorkflowInstance run = ns.awaitEnd("secrets-1", END);
            assertThat(run.getStatus().phase).as("a retried step fails the run").isEqualTo(InstancePhase.Failed);
            assertThat(ns.step("secrets-1", "flaky").attempts).hasSize(2);
            assertThat(ns.step("secrets-1", "each").foreach.total).isEqualTo(3L);
            assertThat(ns.step("secrets-1", "sub").phase.name()).isEqualTo("Succeeded");

            String everything = collect(ns, debug);
            assertThat(everything).as("statuses, objects, Events, log and metrics")
                    .doesNotContain(VALUE)
                    .doesNotContain(Base64.getEncoder().encodeToString(VALUE.getBytes(StandardCharsets.UTF_8)))
                    .contains("api-credentials"); // the reference is there: the collection did collect
            assertThat(run.getStatus().params).containsEntry("token",
                    Map.of("secretKeyRef", Map.of("name", "api-credentials", "key", "token")));
            List<PodSpec> specs = podSpecs(ns);
            assertThat(specs).as("Jobs' pod templates and Pods").hasSizeGreaterThanOrEqualTo(6);
            for (PodSpec spec : specs) {
                assertThat(tokenEnv(spec)).satisfies(token -> {
                    assertThat(token.getValue()).isNull();
                    assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("api-credentials");
                    assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
                });
            }
            assertThat(ns.children("secrets-1")).as("iterations and the subworkflow run")
                    .allSatisfy(child -> assertThat(child.getSpec().params).containsEntry("token",
                            Map.of("secretKeyRef", Map.of("name", "api-credentials", "key", "token"))));
        } finally {
            debug.stop();
            ns.operator().start();
        }
    }

    /** Every object of the namespace Baton writes or causes, as YAML, then the operator's log and metrics. */
    private static String collect(TestNamespace ns, OperatorProcess operator) throws Exception {
        StringBuilder all = new StringBuilder();
        for (String kind : List.of("workflows.baton.dev", "workflowinstances.baton.dev", "controllerrevisions", "events",
                "jobs", "pods")) {
            TestNamespace.Kubectl got = ns.kubectl(null, "get", kind, "-o", "yaml");
            assertThat(got.exitCode()).as(got.output()).isZero();
            all.append(got.output());
        }
        all.append(Files.readString(operator.log()));
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + operator.port() + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("baton_");
        all.append(metrics.body());
        return all.toString();
    }

    private static List<PodSpec> podSpecs(TestNamespace ns) {
        List<PodSpec> specs = new ArrayList<>();
        ns.jobs().forEach(j -> specs.add(j.getSpec().getTemplate().getSpec()));
        ns.pods().forEach(p -> specs.add(p.getSpec()));
        return specs;
    }

    private static EnvVar tokenEnv(PodSpec spec) {
        Container step = spec.getContainers().get(0);
        return Stream.ofNullable(step.getEnv()).flatMap(List::stream).filter(e -> e.getName().equals("TOKEN")).findFirst()
                .orElseThrow(() -> new AssertionError("no TOKEN env in " + step.getEnv()));
    }

    private static final String SPEC = """
            apiVersion: v1
            kind: Secret
            metadata: {name: api-credentials}
            stringData: {token: "%s"}
            ---
            apiVersion: baton.dev/v1alpha1
            kind: Workflow
            metadata: {name: secret-child}
            spec:
              params:
                # The parent hands on its own reference, which wins over this one.
                token: {type: string, valueFrom: {secretKeyRef: {name: unused, key: other}}}
              steps:
                - name: call
                  executor: Pod
                  params: {TOKEN: "${params.token}"}
                  container: {image: "busybox:1.36", command: [sh, -c, 'test -n "$TOKEN"']}
            ---
            apiVersion: baton.dev/v1alpha1
            kind: Workflow
            metadata: {name: secrets}
            spec:
              params:
                token: {type: string, valueFrom: {secretKeyRef: {name: api-credentials, key: token}}}
              steps:
                - name: flaky
                  retry: {errors: 1, backoff: {type: Fixed, base: 1s}}
                  params: {TOKEN: "${params.token}"}
                  bash: {script: 'test -n "$TOKEN" && exit 3'}
                  podTemplate: {metadata: {annotations: {kwok.baton.dev/exit-code: "3"}}}
                - name: each
                  foreach:
                    params: {region: [us, eu, ap]}
                    retention: 10
                    steps:
                      - name: work
                        params: {TOKEN: "${params.token}", REGION: "${region}"}
                        container: {image: "busybox:1.36", command: [sh, -c, 'test -n "$TOKEN"']}
                - name: sub
                  subworkflow: {workflow: secret-child, params: {token: "${params.token}"}, sync: true}
            ---
            apiVersion: baton.dev/v1alpha1
            kind: WorkflowInstance
            metadata: {name: secrets-1}
            spec: {workflowRef: {name: secrets}}
            """;
}
