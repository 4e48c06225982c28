package dev.baton.cli;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import dev.baton.executor.Labels;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A run's tree, redrawn as it changes until the run ends: two informers (the instance by name, its tree's
 * instances by the root label) wake the drawing thread on every change. On a terminal the screen is
 * redrawn in place (and once a second, so times tick); into a pipe each changed tree is printed in turn.
 */
final class LiveTree {
    private static final String CLEAR = "\u001b[H\u001b[2J";
    private final Cluster cluster;
    private final BatonCli cli;
    private final PrintWriter out;
    private final LinkedBlockingQueue<Boolean> changes = new LinkedBlockingQueue<>();

    LiveTree(Cluster cluster, BatonCli cli, PrintWriter out) {
        this.cluster = cluster;
        this.cli = cli;
        this.out = out;
    }

    /** Draws until the instance ends; returns its exit code. */
    int follow(String name) throws InterruptedException {
        WorkflowInstance first = cluster.instance(name);
        String root = GetCommand.rootOf(first);
        ResourceEventHandler<WorkflowInstance> wake = new ResourceEventHandler<>() {
            @Override
            public void onAdd(WorkflowInstance obj) {
                changes.offer(true);
            }

            @Override
            public void onUpdate(WorkflowInstance oldObj, WorkflowInstance newObj) {
                changes.offer(true);
            }

            @Override
            public void onDelete(WorkflowInstance obj, boolean deletedFinalStateUnknown) {
                changes.offer(true);
            }
        };
        var ns = cluster.instances().inNamespace(cluster.namespace());
        try (SharedIndexInformer<WorkflowInstance> self = ns.withName(name).inform(wake);
             SharedIndexInformer<WorkflowInstance> tree = ns.withLabel(Labels.ROOT, root).inform(wake)) {
            String last = null;
            while (true) {
                changes.poll(1, TimeUnit.SECONDS);
                changes.clear();
                List<WorkflowInstance> found = self.getStore().list();
                if (found.isEmpty()) {
                    throw UserError.of("workflowinstance.baton.dev/" + name + " was deleted");
                }
                WorkflowInstance instance = found.get(0);
                String text = new TreeRenderer(cli.style(), cli.clock().instant()).render(new InstanceTree(instance, tree.getStore().list()));
                if (cli.terminal()) {
                    out.print(CLEAR + text);
                    out.flush();
                } else if (!text.equals(last)) {
                    out.println(text);
                    out.flush();
                }
                last = text;
                InstancePhase phase = RunWaiter.phase(instance);
                if (phase != null && phase.terminal()) {
                    return ExitCodes.of(phase);
                }
            }
        }
    }
}
