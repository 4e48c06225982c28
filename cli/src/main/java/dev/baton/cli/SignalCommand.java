package dev.baton.cli;

import dev.baton.api.Signal;
import dev.baton.api.SignalSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Publishes a Signal: starts the workflows whose signal triggers it completes. */
@Command(name = "signal", description = "Send a signal (create a Signal): workflows whose signal triggers it completes start.")
final class SignalCommand extends ClusterCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The signal's name, e.g. orders-ready.")
    String signal;

    /** Each -p value read as YAML: 7, true, [a, b], {k: v}. */
    @Mixin
    ParamOptions params;

    @Option(names = "--ttl", paramLabel = "DURATION", description = "How long the operator keeps the Signal (a Go duration; default 168h).")
    String ttl;

    @Override
    protected int run(Cluster cluster) throws Exception {
        Map<String, Object> values = params.values(params.pairs(), null);
        Signal s = new Signal();
        s.setMetadata(new ObjectMetaBuilder().withNamespace(cluster.namespace()).withGenerateName(signal + "-").build());
        SignalSpec spec = new SignalSpec();
        spec.name = signal;
        spec.params = values.isEmpty() ? null : values;
        spec.ttl = ttl;
        s.setSpec(spec);
        Signal created = cluster.signals().inNamespace(cluster.namespace()).resource(s).create();
        out().println("signal.baton.dev/" + created.getMetadata().getName() + " created");
        return ExitCodes.OK;
    }
}
