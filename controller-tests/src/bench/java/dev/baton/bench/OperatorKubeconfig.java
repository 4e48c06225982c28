package dev.baton.bench;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A kubeconfig for the operator under test that signs in as a ServiceAccount with a bearer token, as the
 * operator does in a cluster, instead of the test cluster's admin client certificate. Fabric8 re-reads a
 * kubeconfig whose user has no token on every request once a minute has passed (its token refresh never
 * finds a token to note): 5.5% of the operator's samples in a burst profile, a cost no deployed operator pays.
 * The account is bound to cluster-admin: the bench measures speed; the chart's least-privilege role is
 * tested in the controller tests.
 */
final class OperatorKubeconfig {
    private static final String NAMESPACE = "default";
    private static final String ACCOUNT = "baton-bench-operator";

    private OperatorKubeconfig() {
    }

    static Path write(KubernetesClient client, Path work) throws IOException {
        client.serviceAccounts().inNamespace(NAMESPACE).resource(new ServiceAccountBuilder()
                .withNewMetadata().withName(ACCOUNT).endMetadata().build()).createOr(existing -> existing.update());
        client.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder()
                .withNewMetadata().withName(ACCOUNT).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("cluster-admin").endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(ACCOUNT).withNamespace(NAMESPACE).endSubject()
                .build()).createOr(existing -> existing.update());
        TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(24L * 3600).endSpec().build();
        String token = client.serviceAccounts().inNamespace(NAMESPACE).withName(ACCOUNT).tokenRequest(request)
                .getStatus().getToken();
        Config config = client.getConfiguration();
        String ca = config.getCaCertData() != null ? config.getCaCertData()
                : Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(config.getCaCertFile())));
        Path file = work.resolve("operator-kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: bench
                  cluster: {server: "%s", certificate-authority-data: %s}
                users:
                - name: %s
                  user: {token: %s}
                contexts:
                - name: bench
                  context: {cluster: bench, user: %s}
                current-context: bench
                """.formatted(config.getMasterUrl(), ca, ACCOUNT, token, ACCOUNT));
        return file;
    }
}
