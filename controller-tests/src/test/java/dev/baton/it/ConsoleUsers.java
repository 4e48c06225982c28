package dev.baton.it;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Users of the console in kubernetes mode: ServiceAccounts with a Role in the test's namespace, and their tokens. */
final class ConsoleUsers {
    /** What an operator of runs needs: read runs, their logs and Events, and patch runs (suspend, resume, stop...). */
    static final List<PolicyRule> OPERATE = List.of(
            rule("baton.dev", List.of("workflows", "workflowinstances"), List.of("get", "list", "watch")),
            rule("baton.dev", List.of("workflowinstances"), List.of("patch")),
            rule("", List.of("pods", "pods/log", "events"), List.of("get", "list")));
    /** Looks, never touches. */
    static final List<PolicyRule> VIEW = List.of(rule("baton.dev", List.of("workflows", "workflowinstances"), List.of("get", "list", "watch")));

    private ConsoleUsers() {
    }

    private static PolicyRule rule(String group, List<String> resources, List<String> verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(verbs).build();
    }

    /** A ServiceAccount bound to a Role of these rules in the namespace; returns a one-hour token of it. */
    static String user(KubernetesClient client, String namespace, String name, List<PolicyRule> rules) {
        client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        client.rbac().roles().inNamespace(namespace).resource(new RoleBuilder().withNewMetadata().withName(name).endMetadata()
                .withRules(rules).build()).create();
        client.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
                .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(namespace).endSubject().build()).create();
        return client.serviceAccounts().inNamespace(namespace).withName(name)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
    }
}
