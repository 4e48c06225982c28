package dev.baton.it.realnode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.StepStatus;
import dev.baton.engine.Json;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import dev.baton.it.BatonCluster;
import dev.baton.it.TestNamespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * sql steps on the real node against a real PostgreSQL 15 server (the node's postgres image, Debian's
 * packages) running as a pod there and reached by its Service name through the cluster DNS: examples/sql.yaml
 * end to end, params bound as data (an injection attempt is stored, the table survives), outputs bounded in
 * rows and bytes, a missing Secret or key failing the step by name, and the password nowhere Baton writes.
 */
@Tag("realnode")
@ExtendWith(BatonCluster.class)
class SqlStepIT {
    private static final Duration END = Duration.ofSeconds(120);
    private static final String INJECTION = "'; DROP TABLE orders; --";

    @BeforeEach
    void needsARealNodeWithTheSqlImages(TestNamespace ns) {
        var node = RealNode.get(ns.client());
        Assumptions.assumeTrue(node != null, "the cluster has no real node: start it with BATON_REAL_NODE=true controller-tests/cluster/up.sh");
        assertThat(node.getMetadata().getAnnotations()).as("the real node names its sql and postgres images (realnode/up.sh)")
                .containsKeys(RealNode.SQL_IMAGE, RealNode.POSTGRES_IMAGE);
    }

    /** The PostgreSQL server on the real node, its password from a Secret, and the Service "postgres" in front of it. */
    private static String postgres(String image, String password) {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {name: pg-admin}
                stringData: {password: "%s"}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: postgres, labels: {app: postgres}}
                spec:
                  nodeSelector: {%s: "true"}
                  tolerations: [{key: %s, operator: Exists, effect: NoSchedule}]
                  securityContext: {runAsNonRoot: true, runAsUser: 999, runAsGroup: 999}
                  containers:
                  - name: postgres
                    image: %s
                    env:
                    - {name: POSTGRES_USER, value: baton}
                    - {name: POSTGRES_DB, value: baton}
                    - name: POSTGRES_PASSWORD
                      valueFrom: {secretKeyRef: {name: pg-admin, key: password}}
                    ports: [{containerPort: 5432}]
                    readinessProbe: {tcpSocket: {port: 5432}, periodSeconds: 1}
                    volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
                  volumes: [{name: data, emptyDir: {}}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: postgres}
                spec:
                  selector: {app: postgres}
                  ports: [{port: 5432, targetPort: 5432}]
                """.formatted(password, RealNode.LABEL, RealNode.TAINT, image);
    }

    /** Starts the server with a fresh random password, which the test then looks for everywhere. */
    private static String startPostgres(TestNamespace ns) {
        String password = "pw-" + UUID.randomUUID().toString().replace("-", "");
        String image = RealNode.get(ns.client()).getMetadata().getAnnotations().get(RealNode.POSTGRES_IMAGE);
        ns.apply(postgres(image, password));
        Awaitility.await("the postgres pod to be Ready").atMost(END).pollInterval(Duration.ofSeconds(1))
                .until(() -> Readiness.isPodReady(ns.client().pods().inNamespace(ns.name()).withName("postgres").get()));
        return password;
    }

    /** The example with the test's password, its step pods sent to the real node. */
    private static String example(TestNamespace ns, String password) throws IOException {
        String text = Files.readString(ns.file("examples/sql.yaml"));
        assertThat(text).contains("change-me", "\n  steps:\n");
        return text.replace("change-me", password)
                .replaceFirst("\n  steps:\n", "\n  defaults: {podTemplate: " + RealNode.POD_TEMPLATE.replace("\\", "\\\\") + "}\n  steps:\n");
    }

    @Test
    void theExampleBindsParamsAsDataBoundsItsOutputsAndNeverShowsThePassword(TestNamespace ns) throws IOException {
        String password = startPostgres(ns);
        ns.apply(example(ns, password));
        InstancePhase phase = ns.awaitEnd("sql-1", END).getStatus().phase;
        assertThat(phase).as("sql-1; step logs:%n%s", logs(ns)).isEqualTo(InstancePhase.Succeeded);

        assertThat(ns.step("sql-1", "insert").outputs).containsEntry("rowsAffected", 50).containsEntry("rows", List.of());
        StepStatus totals = ns.step("sql-1", "totals");
        assertThat(totals.outputs).containsEntry("rowCount", 1).containsEntry("truncated", false)
                .containsEntry("columns", List.of("region", "orders", "total", "note"));
        assertThat(totals.outputs.get("rows")).as("the injection attempt was stored as text, and the table is still there")
                .isEqualTo(List.of(Map.of("region", "eu", "orders", 50, "total", 12750, "note", INJECTION)));
        StepStatus recent = ns.step("sql-1", "recent");
        assertThat(recent.outputs).containsEntry("rowCount", 50).containsEntry("truncated", true);
        assertThat((List<?>) recent.outputs.get("rows")).hasSize(5).first().isEqualTo(Map.of("id", 50, "region", "eu", "amount", 500));
        assertThat(ns.step("sql-1", "report").outputs).isEqualTo(Map.of("orders", 50, "total", 12750, "latest", 50));

        Pod pod = stepPod(ns, "totals");
        assertThat(pod.getSpec().getNodeName()).isEqualTo(RealNode.NAME);
        assertThat(pod.getSpec().getContainers().get(0).getImage()).as("the operator's sql image is the node's")
                .isEqualTo(RealNode.get(ns.client()).getMetadata().getAnnotations().get(RealNode.SQL_IMAGE));
        assertThat(ns.kubectl(null, "logs", pod.getMetadata().getName()).output())
                .contains("1 statement(s); 0 row(s) affected; the last result has 1 row(s), 1 kept");

        assertPasswordNowhere(ns, password);
    }

    @Test
    void outputsStayWithinTheirBytesAndAMissingSecretOrKeyFailsTheStepByName(TestNamespace ns) throws IOException {
        String password = startPostgres(ns);
        ns.apply("""
                apiVersion: v1
                kind: Secret
                metadata: {name: pg-connection}
                stringData: {uri: "postgresql://baton:%s@postgres:5432/baton"}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: edges}
                spec:
                  defaults: {podTemplate: %s, retry: {errors: 0}}
                  steps:
                    - name: wide
                      sql:
                        engine: postgresql
                        connection: {secretRef: {name: pg-connection}}
                        query: "SELECT i, repeat('x', 300) AS pad FROM generate_series(1, %%(count)s) AS i"
                        params: {count: 40}
                        outputs: {maxRows: 20, maxBytes: 1024}
                    - name: no-secret
                      onFailure: Ignore
                      sql: {engine: postgresql, connection: {secretRef: {name: no-such-secret}}, query: "SELECT 1"}
                    - name: no-key
                      onFailure: Ignore
                      sql: {engine: postgresql, connection: {secretRef: {name: pg-connection, key: dsn}}, query: "SELECT 1"}
                    - name: bad-sql
                      onFailure: Ignore
                      sql: {engine: postgresql, connection: {secretRef: {name: pg-connection}}, query: "SELECT * FROM no_such_table"}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: edges-1}
                spec: {workflowRef: {name: edges}}
                """.formatted(password, RealNode.POD_TEMPLATE));
        ns.awaitEnd("edges-1", END);

        StepStatus wide = ns.step("edges-1", "wide");
        assertThat(wide.phase).as("wide; step logs:%n%s", logs(ns)).isEqualTo(StepPhase.Succeeded);
        assertThat(Json.write(wide.outputs).length()).isLessThanOrEqualTo(1024);
        assertThat(wide.outputs).containsEntry("rowCount", 40).containsEntry("truncated", true);
        assertThat((List<?>) wide.outputs.get("rows")).as("rows of ~320 bytes dropped until the JSON fits 1024").hasSizeBetween(1, 3);

        assertFailed(ns, "no-secret", "sql: connection.secretRef.name: Secret \"no-such-secret\" does not exist in this namespace");
        assertFailed(ns, "no-key", "sql: connection.secretRef.key: Secret \"pg-connection\" has no key \"dsn\" (its keys: uri)");
        assertFailed(ns, "bad-sql", "sql: UndefinedTable: relation \"no_such_table\" does not exist");
        assertPasswordNowhere(ns, password);
    }

    private static void assertFailed(TestNamespace ns, String step, String message) {
        StepStatus s = ns.step("edges-1", step);
        assertThat(s.phase).as(step).isEqualTo(StepPhase.CompletedWithError);
        assertThat(s.attempts).as(step).singleElement().satisfies(a -> {
            assertThat(a.outcome).isEqualTo(AttemptOutcome.UserError);
            assertThat(a.message).startsWith(message);
        });
    }

    /** Nothing Baton writes or logs holds the password: status, Events, pods, every pod's log, the operator's log. */
    private static void assertPasswordNowhere(TestNamespace ns, String password) throws IOException {
        Map<String, String> places = new java.util.LinkedHashMap<>();
        places.put("instances and workflows", ns.kubectl(null, "get", "bwfi,bwf", "-o", "yaml").output());
        places.put("events", ns.kubectl(null, "get", "events", "-o", "yaml").output());
        places.put("pods and jobs", ns.kubectl(null, "get", "pods,jobs", "-o", "yaml").output());
        for (Pod p : ns.pods()) {
            places.put("log of " + p.getMetadata().getName(), ns.kubectl(null, "logs", p.getMetadata().getName()).output());
        }
        var operatorLog = ns.file("controller-tests/target/operator.log");
        places.put("operator log", Files.exists(operatorLog) ? Files.readString(operatorLog) : "");
        assertThat(places.get("instances and workflows")).as("the status was read").contains("phase:");
        places.forEach((where, text) -> assertThat(text).as(where).doesNotContain(password));
    }

    private static Pod stepPod(TestNamespace ns, String step) {
        return ns.pods().stream().filter(p -> step.equals(p.getMetadata().getLabels().get("baton.dev/step"))).findFirst()
                .orElseThrow(() -> new AssertionError("no pod of step " + step));
    }

    private static String logs(TestNamespace ns) {
        return ns.kubectl(null, "logs", "-l", "app.kubernetes.io/managed-by=baton", "--tail=20", "--prefix").output();
    }
}
