package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.InstancePhase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What an operator tells its watchers: Prometheus metrics at /q/metrics and Events on each instance. */
@ExtendWith(BatonCluster.class)
class MetricsIT {
    private static final Duration END = Duration.ofSeconds(90);
    /** One Prometheus sample line: name, optional {labels}, value. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\d+)?$");
    private static final String RUN = """
            apiVersion: baton.dev/v1alpha1
            kind: Workflow
            metadata: {name: mixed}
            spec:
              steps:
                - {name: fine, bash: {script: "true"}}
                - name: broken
                  dependsOn: [fine]
                  retry: {errors: 0}
                  bash: {script: "exit 3"}
                  podTemplate: {metadata: {annotations: {kwok.baton.dev/exit-code: "3"}}}
            ---
            apiVersion: baton.dev/v1alpha1
            kind: WorkflowInstance
            metadata: {name: mixed-1}
            spec: {workflowRef: {name: mixed}}
            """;

    @Test
    void theOperatorExportsStepAndInstanceMetrics(TestNamespace ns) {
        ns.apply(RUN);
        assertThat(ns.awaitEnd("mixed-1", END).getStatus().phase).isEqualTo(InstancePhase.Failed);
        Map<String, String> mine = Map.of("namespace", ns.name(), "workflow", "mixed");
        Awaitility.await("metrics of " + ns.name()).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    String text = scrape(ns);
                    assertThat(sum(text, "baton_step_attempts_total", with(mine, "outcome", "Succeeded")))
                            .as("attempts that succeeded, each counted once").isEqualTo(1.0);
                    assertThat(sum(text, "baton_step_attempts_total", with(mine, "outcome", "UserError")))
                            .as("attempts that failed, each counted once").isEqualTo(1.0);
                    assertThat(sum(text, "baton_instances", Map.of("namespace", ns.name(), "phase", "Failed"))).isEqualTo(1.0);
                    assertThat(sum(text, "baton_instances", Map.of("namespace", ns.name(), "phase", "Running"))).isZero();
                    assertThat(sum(text, "baton_step_launch_delay_seconds_count", Map.of())).isGreaterThanOrEqualTo(2.0);
                    assertThat(sum(text, "baton_step_launch_delay_seconds_bucket", Map.of())).as("a histogram").isPositive();
                    assertThat(sum(text, "baton_reconcile_seconds_count", Map.of("outcome", "success"))).isGreaterThanOrEqualTo(1.0);
                    assertThat(sum(text, "baton_reconcile_seconds_sum", Map.of())).isPositive();
                    // Every request goes through the client-side rate limit, which counts them by verb: the
                    // steps' Jobs were created and the instance's status patched by this client.
                    assertThat(sum(text, "baton_client_requests_total", Map.of("verb", "create"))).isGreaterThanOrEqualTo(2.0);
                    assertThat(sum(text, "baton_client_requests_total", Map.of("verb", "patch"))).isGreaterThanOrEqualTo(1.0);
                });
    }

    @Test
    void describeShowsTheStoryOfAnInstance(TestNamespace ns) {
        ns.apply(RUN);
        ns.awaitPhase("mixed-1", InstancePhase.Failed, END);
        Awaitility.await("events of mixed-1").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            TestNamespace.Kubectl describe = ns.kubectl(null, "describe", "bwfi", "mixed-1");
            assertThat(describe.exitCode()).as(describe.output()).isZero();
            String events = describe.output().substring(describe.output().indexOf("Events:"));
            assertThat(events).contains("InstanceStarted", "StepStarted", "StepSucceeded", "StepFailed", "InstanceFailed");
            assertThat(events).containsPattern("Warning\\s+StepFailed.*broken").containsPattern("Normal\\s+StepSucceeded.*fine");
        });
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> out = new java.util.HashMap<>(labels);
        out.put(name, value);
        return out;
    }

    static String scrape(TestNamespace ns) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ns.operator().port() + "/q/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET /q/metrics").isEqualTo(200);
        return r.body();
    }

    /** The sum of the samples of a metric whose labels include these, in Prometheus text (0 when there are none). */
    static double sum(String text, String name, Map<String, String> labels) {
        double total = 0;
        for (String line : text.lines().toList()) {
            Matcher m = SAMPLE.matcher(line);
            if (line.startsWith("#") || !m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            String found = m.group(3) == null ? "" : m.group(3);
            if (labels.entrySet().stream().allMatch(e -> found.contains(e.getKey() + "=\"" + e.getValue() + "\""))) {
                total += Double.parseDouble(m.group(4));
            }
        }
        return total;
    }
}
