package dev.baton.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** A run's tree, live, until the run ends. */
@Command(name = "watch", description = {"Show a run's tree, redrawn as it changes, until it ends.",
        "The exit code is the run's outcome: 0 Succeeded, 1 Failed, 3 Stopped, 4 TimedOut."})
final class WatchCommand extends ClusterCommand {
    @Parameters(index = "0", paramLabel = "INSTANCE")
    String instance;

    @Override
    protected int run(Cluster cluster) throws Exception {
        return new LiveTree(cluster, cli, out()).follow(instance);
    }
}
