package dev.baton.cli;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command that talks to the cluster: connects with the kubectl flags, runs, and turns the client's
 * failures into one kubectl-worded line that names the server it tried.
 */
public abstract class ClusterCommand implements Callable<Integer> {
    @Mixin
    ClusterOptions clusterOptions;

    @ParentCommand
    BatonCli cli;

    @Spec
    CommandSpec spec;

    /** What the command does, with a connected cluster; returns the exit code. */
    protected abstract int run(Cluster cluster) throws Exception;

    @Override
    public Integer call() throws Exception {
        try (Cluster cluster = clusterOptions.connect()) {
            try {
                return run(cluster);
            } catch (KubernetesClientException e) {
                throw new ClusterFailure(e, cluster.server());
            }
        }
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A failure of the client, with the server it talked to. */
    static final class ClusterFailure extends RuntimeException {
        final String server;

        ClusterFailure(KubernetesClientException cause, String server) {
            super(cause.getMessage(), cause, false, false);
            this.server = server;
        }
    }
}
