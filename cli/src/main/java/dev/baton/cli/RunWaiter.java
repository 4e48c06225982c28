package dev.baton.cli;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

/** Waits for a run to end, through a watch (no polling), and says how it ended. */
final class RunWaiter {
    /** Long enough for any run; the user ends the wait with Ctrl-C. */
    private static final long FOREVER_DAYS = 3650;

    private RunWaiter() {
    }

    /** Blocks until the instance is in a terminal phase; prints it; returns its exit code. */
    static int await(Cluster cluster, String name, PrintWriter out, Style style) {
        WorkflowInstance ended = cluster.instances().inNamespace(cluster.namespace()).withName(name)
                .waitUntilCondition(i -> i == null || phase(i) != null && phase(i).terminal(), FOREVER_DAYS, TimeUnit.DAYS);
        if (ended == null) {
            throw UserError.of("workflowinstance.baton.dev/" + name + " was deleted before it ended");
        }
        String message = ended.getStatus().message;
        out.println("workflowinstance.baton.dev/" + name + " " + style.phase(phase(ended))
                + (message == null || message.isBlank() ? "" : ": " + Printable.of(message)));
        return ExitCodes.of(phase(ended));
    }

    static InstancePhase phase(WorkflowInstance i) {
        return i.getStatus() == null ? null : i.getStatus().phase;
    }
}
