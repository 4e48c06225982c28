package dev.baton.cli;

import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.executor.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A step attempt's output, read through its pod; a clear line when the pod is gone or serves no logs. */
@Command(name = "logs", description = {"Print the logs of a step's attempt (its pod). Without STEP, of every step that ran.",
        "STEP|PATH: a step, or a path into loops and subworkflows: per-region[17]/load, publish/send."})
final class LogsCommand extends ClusterCommand {
    @Parameters(index = "0", paramLabel = "INSTANCE")
    String instance;

    @Parameters(index = "1", arity = "0..1", paramLabel = "STEP|PATH")
    String path;

    @Option(names = {"-f", "--follow"}, description = "Stream the logs while the attempt runs.")
    boolean follow;

    @Option(names = "--attempt", paramLabel = "N", description = "The attempt (default: the latest).")
    Integer attempt;

    /** Where stdout goes: the command's own writer, as bytes. */
    private OutputStream sink;

    @Override
    protected int run(Cluster cluster) throws Exception {
        sink = new WriterStream(out());
        WorkflowInstance root = cluster.instance(instance);
        if (path == null) {
            if (follow) {
                throw UserError.usage("-f needs a STEP (or PATH)");
            }
            return everyStep(cluster, root);
        }
        StepPath parsed = StepPath.parse(path);
        WorkflowInstance owner = new PathResolver(cluster).instanceOf(root, parsed);
        StepStatus step = PathResolver.step(owner, parsed.step(), path);
        print(cluster, owner, step, attemptOf(step, path), false);
        return ExitCodes.OK;
    }

    private int everyStep(Cluster cluster, WorkflowInstance root) throws Exception {
        List<StepStatus> ran = root.getStatus() == null ? List.of()
                : root.getStatus().steps.stream().filter(s -> s.attempts != null && !s.attempts.isEmpty()).toList();
        if (ran.isEmpty()) {
            throw UserError.of("workflowinstance.baton.dev/" + instance + " has no step with a pod yet");
        }
        int code = ExitCodes.OK;
        for (StepStatus step : ran) {
            int n = attemptOf(step, step.name);
            out().println("==> " + Printable.of(step.name) + " (attempt " + n + ") <==");
            out().flush();
            try {
                print(cluster, root, step, n, true);
            } catch (UserError e) {
                err().println(e.line());
                code = ExitCodes.ERROR;
            }
        }
        return code;
    }

    private int attemptOf(StepStatus step, String where) {
        if (attempt != null) {
            return attempt;
        }
        List<AttemptStatus> attempts = step.attempts == null ? List.of() : step.attempts;
        if (attempts.isEmpty()) {
            throw UserError.of("step " + where + " has no attempt yet (" + (step.phase == null ? "Pending" : step.phase)
                    + "): nothing has run, so there are no logs");
        }
        return attempts.get(attempts.size() - 1).number;
    }

    private void print(Cluster cluster, WorkflowInstance owner, StepStatus step, int n, boolean quiet) throws Exception {
        String ownerName = owner.getMetadata().getName();
        List<Pod> pods = cluster.client().pods().inNamespace(cluster.namespace())
                .withLabel(Labels.INSTANCE, ownerName).withLabel(Labels.STEP, step.name).withLabel(Labels.ATTEMPT, String.valueOf(n))
                .list().getItems();
        if (pods.isEmpty()) {
            throw UserError.of("the pod of step " + Printable.of(step.name) + " attempt " + n + " of " + ownerName
                    + " is gone: " + ended(step, n) + "its Job or Pod was deleted, and its logs with it");
        }
        Pod pod = pods.stream().max(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp()))).get();
        var logs = cluster.client().pods().inNamespace(cluster.namespace()).withName(pod.getMetadata().getName());
        try {
            if (follow) {
                try (LogWatch watch = logs.watchLog(sink)) {
                    watch.onClose().toCompletableFuture().join();
                }
                sink.flush();
            } else {
                String text = logs.getLog();
                out().print(text);
                out().flush();
            }
        } catch (KubernetesClientException e) {
            String why = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
            throw UserError.of("no logs from pod " + pod.getMetadata().getName() + " (node " + pod.getSpec().getNodeName() + "): "
                    + why.replaceAll("\\s*\\R\\s*", " "));
        }
    }

    /** How the attempt ended, from status, so a user whose pod is gone still learns the outcome. */
    private static String ended(StepStatus step, int n) {
        return step.attempts.stream().filter(a -> a.number != null && a.number == n).findFirst()
                .map(a -> "the attempt ended " + a.outcome + (a.exitCode == null ? "" : " with exit code " + a.exitCode)
                        + (a.reason == null ? "" : " (" + Printable.of(a.reason) + ")") + "; ")
                .orElse("");
    }

    /**
     * Bytes to the command's writer, a line at a time (a UTF-8 character split across two reads stays whole),
     * so tests capture -f the same as a plain read.
     */
    private static final class WriterStream extends OutputStream {
        private final java.io.PrintWriter writer;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        WriterStream(java.io.PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                flush();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public synchronized void flush() {
            writer.write(line.toString(StandardCharsets.UTF_8));
            writer.flush();
            line.reset();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
