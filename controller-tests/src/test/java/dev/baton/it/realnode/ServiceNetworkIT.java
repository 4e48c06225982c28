package dev.baton.it.realnode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.InstancePhase;
import dev.baton.it.BatonCluster;
import dev.baton.it.TestNamespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In-cluster networking on the real node (cluster/realnode/network.sh): a step pod resolves Service names
 * through the cluster DNS the kubelet hands it (CoreDNS behind the kube-dns Service) and reaches Services
 * through kube-proxy's rules: the API server through the {@code kubernetes} Service, and a pod through the
 * Service in front of it, on the same node (the reply crosses the bridge and must be un-NATed).
 */
@Tag("realnode")
@ExtendWith(BatonCluster.class)
class ServiceNetworkIT {
    private static final Duration END = Duration.ofSeconds(90);

    @BeforeEach
    void needsARealNode(TestNamespace ns) {
        Assumptions.assumeTrue(RealNode.get(ns.client()) != null,
                "the cluster has no real node: start it with BATON_REAL_NODE=true controller-tests/cluster/up.sh");
    }

    /** A web server on the real node answering with a line naming its namespace, and a Service in front of it. */
    private static String web(String namespace, String image) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: web, labels: {app: web}}
                spec:
                  nodeSelector: {%s: "true"}
                  tolerations: [{key: %s, operator: Exists, effect: NoSchedule}]
                  securityContext: {runAsNonRoot: true, runAsUser: 1000}
                  containers:
                  - name: web
                    image: %s
                    command: [python3, -c, "import http.server as h\\nclass H(h.BaseHTTPRequestHandler):\\n def do_GET(self):\\n  self.send_response(200); self.end_headers(); self.wfile.write(b'served by web in %s')\\nh.HTTPServer(('', 8000), H).serve_forever()"]
                    readinessProbe: {tcpSocket: {port: 8000}, periodSeconds: 1}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  selector: {app: web}
                  ports: [{port: 80, targetPort: 8000}]
                """.formatted(RealNode.LABEL, RealNode.TAINT, image, namespace);
    }

    /**
     * A python step on the real node: its nameserver, what two Service names resolve to, the API server's
     * answer through the kubernetes Service (any HTTP status is an answer; TLS trust is OperatorImageIT's
     * subject), and the web pod's answer through its Service, by its short name.
     */
    private static final String PROBE = """
            apiVersion: baton.dev/v1alpha1
            kind: Workflow
            metadata: {name: probe}
            spec:
              defaults: {podTemplate: POD_TEMPLATE}
              steps:
                - name: probe
                  retry: {errors: 0}
                  python:
                    script: |
                      import json, os, socket, ssl, urllib.error, urllib.request
                      out = {"nameserver": [l.split()[1] for l in open("/etc/resolv.conf") if l.startswith("nameserver")]}
                      out["kubernetes"] = socket.gethostbyname("kubernetes.default.svc.cluster.local")
                      out["web"] = socket.gethostbyname("web")
                      try:
                          r = urllib.request.urlopen("https://kubernetes.default.svc/version",
                                                     context=ssl._create_unverified_context(), timeout=10)
                          out["apiStatus"] = r.status
                      except urllib.error.HTTPError as e:
                          out["apiStatus"] = e.code
                      out["body"] = urllib.request.urlopen("http://web/", timeout=10).read().decode()
                      print(out, flush=True)
                      json.dump(out, open(os.environ["BATON_OUTPUT"], "w"))
            ---
            apiVersion: baton.dev/v1alpha1
            kind: WorkflowInstance
            metadata: {name: probe-1}
            spec: {workflowRef: {name: probe}}
            """.replace("POD_TEMPLATE", RealNode.POD_TEMPLATE);

    @Test
    void aStepPodOnTheRealNodeResolvesAndReachesServices(TestNamespace ns) {
        String pythonImage = RealNode.get(ns.client()).getMetadata().getAnnotations().get(RealNode.PYTHON_IMAGE);
        ns.apply(web(ns.name(), pythonImage));
        Awaitility.await("the web pod to be Ready").atMost(END).pollInterval(Duration.ofSeconds(1))
                .until(() -> Readiness.isPodReady(ns.client().pods().inNamespace(ns.name()).withName("web").get()));

        ns.apply(PROBE);
        InstancePhase phase = ns.awaitEnd("probe-1", END).getStatus().phase;
        assertThat(phase).as("the probe step; its log:%n%s", ns.kubectl(null, "logs", "-l", "baton.dev/step=probe", "--tail=30").output())
                .isEqualTo(InstancePhase.Succeeded);
        Pod step = ns.pods().stream().filter(p -> "probe".equals(p.getMetadata().getLabels().get("baton.dev/step")))
                .findFirst().orElseThrow();
        assertThat(step.getSpec().getNodeName()).isEqualTo(RealNode.NAME);

        Map<String, Object> out = ns.step("probe-1", "probe").outputs;
        assertThat(out.get("nameserver")).as("the kubelet's clusterDNS: the kube-dns Service")
                .isEqualTo(java.util.List.of(clusterIp(ns, "kube-system", "kube-dns")));
        assertThat(out).containsEntry("kubernetes", clusterIp(ns, "default", "kubernetes"))
                .containsEntry("web", clusterIp(ns, ns.name(), "web"))
                .containsEntry("body", "served by web in " + ns.name());
        assertThat(out.get("apiStatus")).as("the API server answered through the kubernetes Service").isIn(200, 401, 403);
    }

    private static String clusterIp(TestNamespace ns, String namespace, String service) {
        return ns.client().services().inNamespace(namespace).withName(service).get().getSpec().getClusterIP();
    }
}
