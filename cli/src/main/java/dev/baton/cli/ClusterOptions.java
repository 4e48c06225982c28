package dev.baton.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The flags every kubectl plugin honours, mixed into each command that talks to the cluster: the
 * kubeconfig (default: $KUBECONFIG or ~/.kube/config, as kubectl), its context, and the namespace
 * (default: the context's, else "default").
 */
public final class ClusterOptions {
    /** A plugin makes a request or two: fail at once instead of the client's ten retries with backoff. */
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Path to the kubeconfig file (default: $KUBECONFIG or ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "The kubeconfig context to use.")
    String context;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "The namespace (default: the context's).")
    String namespace;

    /** A client for the chosen cluster and the namespace to work in. */
    public Cluster connect() {
        Config config;
        if (kubeconfig != null) {
            if (!Files.isRegularFile(kubeconfig)) {
                throw UserError.usage("no kubeconfig at " + kubeconfig);
            }
            config = Config.fromKubeconfig(context, kubeconfig.toFile());
        } else {
            config = Config.autoConfigure(context);
        }
        if (context != null && config.getCurrentContext() != null && !context.equals(config.getCurrentContext().getName())) {
            throw UserError.usage("context \"" + context + "\" does not exist in the kubeconfig");
        }
        Config tuned = new ConfigBuilder(config).withRequestRetryBackoffLimit(0).withConnectionTimeout(CONNECT_TIMEOUT_MS).build();
        String ns = namespace != null ? namespace : tuned.getNamespace() != null ? tuned.getNamespace() : "default";
        KubernetesClient client = new KubernetesClientBuilder().withConfig(tuned).build();
        return new Cluster(client, ns);
    }
}
