package dev.baton.it;

import dev.baton.it.realnode.RealNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Connects controller tests to the real test cluster (make cluster-up), installs the CRDs, starts the
 * packaged operator once for the whole run, and gives each test its own namespace through a
 * {@link TestNamespace} parameter. On failure it prints the operator's log tail and the namespace's
 * objects and events.
 */
public final class BatonCluster implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(BatonCluster.class);

    /** The cluster and operator shared by every test of the run; closed when the run ends. */
    static final class Shared implements AutoCloseable {
        final Path repo;
        final KubernetesClient client;
        final OperatorProcess operator;

        Shared() throws Exception {
            repo = Path.of(System.getProperty("baton.repo", "..")).toAbsolutePath().normalize();
            Path kubeconfig = kubeconfig();
            if (!Files.exists(kubeconfig)) {
                throw new IllegalStateException("no kubeconfig at " + kubeconfig + ": run `make cluster-up` first");
            }
            // Decodes what the API server stores, as the operator's client does: values nested past Jackson's default 1,000 levels.
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(20_000).build())
                    .build());
            client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                    .withKubernetesSerialization(new io.fabric8.kubernetes.client.utils.KubernetesSerialization(mapper, true)).build();
            String version = client.getKubernetesVersion().getGitVersion();
            System.out.println("[baton-it] cluster " + version + " at " + client.getMasterUrl());
            Crds.apply(client, repo.resolve("crds"));
            // On a cluster with a real node, bash and python steps use the images that node holds.
            // The console in kubernetes mode: ConsoleIT signs in as users with and without rights (other tests do not use it).
            var env = new java.util.HashMap<>(RealNode.operatorEnv(client));
            env.putIfAbsent("BATON_CONSOLE_MODE", "kubernetes");
            operator = new OperatorProcess(repo, kubeconfig, repo.resolve("controller-tests/target/operator.log"), env);
            Files.deleteIfExists(operator.log()); // one log per test run
            operator.start();
        }

        @Override
        public void close() throws Exception {
            operator.stop();
            client.close();
        }
    }

    static Path kubeconfig() {
        String env = System.getenv("BATON_KUBECONFIG");
        return env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "baton", "kubeconfig");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        shared(context);
    }

    private static Shared shared(ExtensionContext context) {
        return context.getRoot().getStore(STORE).computeIfAbsent(Shared.class, k -> {
            try {
                return new Shared();
            } catch (Exception e) {
                throw new IllegalStateException("cannot set up the test cluster: " + e.getMessage(), e);
            }
        }, Shared.class);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Shared shared = shared(context);
        String name = ("t-" + context.getRequiredTestMethod().getName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "")
                + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff)));
        name = name.length() > 63 ? name.substring(0, 57) + name.substring(name.length() - 5) : name;
        shared.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        String ns = name;
        // The ServiceAccount admission plugin refuses pods until the namespace's default account exists.
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> shared.client.serviceAccounts().inNamespace(ns).withName("default").get() != null);
        context.getStore(STORE).put(TestNamespace.class, new TestNamespace(shared.client, ns, shared.repo, shared.operator));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestNamespace ns = context.getStore(STORE).get(TestNamespace.class, TestNamespace.class);
        if (ns == null) {
            return;
        }
        if (context.getExecutionException().isPresent()) {
            ns.dumpForFailure();
        }
        ns.delete();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == TestNamespace.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return e.getStore(STORE).get(TestNamespace.class, TestNamespace.class);
    }
}
