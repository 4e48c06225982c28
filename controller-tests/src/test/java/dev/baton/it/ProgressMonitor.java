package dev.baton.it;

import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Watches a namespace's WorkflowInstances from the test's own client (straight to the API server, not
 * through the operator's proxy) and notes when the operator last made progress: any change of the count
 * of instances, attempts and ended steps and instances, which only the operator's status writes move.
 * A fault's recovery time is the wait from the fault's end to the next such change.
 */
final class ProgressMonitor implements AutoCloseable {
    private static final long POLL_MS = 500;

    private final TestNamespace ns;
    private final Thread poller;
    private long signature = -1;
    private Instant lastChange = Instant.now();
    private boolean allEnded;
    private volatile boolean closed;

    ProgressMonitor(TestNamespace ns) {
        this.ns = ns;
        this.poller = new Thread(this::poll, "progress-monitor");
        poller.setDaemon(true);
        poller.start();
    }

    /** The wait from {@code since} to the next progress, or empty if none came within {@code atMost}. */
    Optional<Duration> awaitProgressAfter(Instant since, Duration atMost) throws InterruptedException {
        Instant deadline = since.plus(atMost);
        while (Instant.now().isBefore(deadline)) {
            synchronized (this) {
                if (lastChange.isAfter(since)) {
                    return Optional.of(Duration.between(since, lastChange));
                }
                if (allEnded) {
                    return Optional.empty();
                }
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    synchronized boolean allEnded() {
        return allEnded;
    }

    private void poll() {
        while (!closed) {
            try {
                List<WorkflowInstance> all = ns.client().resources(WorkflowInstance.class).inNamespace(ns.name()).list().getItems();
                long next = signature(all);
                boolean ended = !all.isEmpty() && all.stream().allMatch(ProgressMonitor::ended);
                synchronized (this) {
                    if (next != signature) {
                        signature = next;
                        lastChange = Instant.now();
                    }
                    allEnded = ended;
                }
            } catch (RuntimeException apiServerDown) {
                // the API server or etcd is being killed: nothing is observed, so nothing counts as progress
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static boolean ended(WorkflowInstance i) {
        return i.getStatus() != null && i.getStatus().phase != null && i.getStatus().phase.terminal();
    }

    private static long signature(List<WorkflowInstance> all) {
        long s = all.size();
        for (WorkflowInstance i : all) {
            if (i.getStatus() == null) {
                continue;
            }
            s += ended(i) ? 1 : 0;
            for (StepStatus step : i.getStatus().steps) {
                s += step.attempts.size() + (step.phase != null && step.phase.terminal() ? 1 : 0);
            }
        }
        return s;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        poller.interrupt();
        poller.join(5_000);
    }
}
