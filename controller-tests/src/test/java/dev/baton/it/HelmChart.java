package dev.baton.it;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import com.marcnuri.helm.UpgradeCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The chart helm/baton, driven through helm-java (Helm linked in as a native library, so the tests need
 * no helm binary): lint, render, install, upgrade and uninstall it, and read the RBAC rules it grants.
 */
final class HelmChart {
    private final Path dir;

    HelmChart(Path repo) {
        this.dir = repo.resolve("helm/baton");
    }

    Path dir() {
        return dir;
    }

    /** helm lint --strict with the default values. */
    LintResult lint() {
        return new Helm(dir).lint().strict().call();
    }

    /** helm template: the manifests as YAML text; helm refuses values that break values.schema.json. */
    String template(String release, String namespace, Path... valuesFiles) {
        TemplateCommand template = new Helm(dir).template().withName(release).withNamespace(namespace);
        for (Path values : valuesFiles) {
            template = template.withValuesFile(values);
        }
        return template.call();
    }

    /** helm template, parsed into objects (Deployment, ClusterRole, ... or generic ones). */
    List<HasMetadata> render(KubernetesClient client, String release, String namespace, Path... valuesFiles) {
        String yaml = template(release, namespace, valuesFiles);
        return client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    }

    /** helm install into a namespace of the cluster of the kubeconfig; the CRDs are left to the caller. */
    void install(String release, String namespace, Path kubeconfig, Path... valuesFiles) {
        InstallCommand install = new Helm(dir).install().withName(release).withNamespace(namespace)
                .withKubeConfig(kubeconfig).skipCrds();
        for (Path values : valuesFiles) {
            install = install.withValuesFile(values);
        }
        install.call();
    }

    /** helm upgrade of an installed release: the chart's defaults plus these values files (no values reused). */
    void upgrade(String release, String namespace, Path kubeconfig, Path... valuesFiles) {
        UpgradeCommand upgrade = new Helm(dir).upgrade().withName(release).withNamespace(namespace)
                .withKubeConfig(kubeconfig).skipCrds();
        for (Path values : valuesFiles) {
            upgrade = upgrade.withValuesFile(values);
        }
        upgrade.call();
    }

    static void uninstall(String release, String namespace, Path kubeconfig) {
        Helm.uninstall(release).withNamespace(namespace).withKubeConfig(kubeconfig).ignoreNotFound().call();
    }

    /** Every rule of every Role and ClusterRole among the objects. */
    static List<PolicyRule> rules(List<HasMetadata> objects) {
        return objects.stream().flatMap(o -> {
            if (o instanceof ClusterRole c) {
                return c.getRules().stream();
            }
            if (o instanceof Role r) {
                return r.getRules().stream();
            }
            return Stream.empty();
        }).toList();
    }

    /** Writes a values file for one test (helm reads values from files). */
    static Path values(Path dir, String name, String yaml) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(name), yaml);
    }
}
