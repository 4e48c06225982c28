package dev.baton.reconciler;

import static dev.baton.reconciler.TestInstances.child;
import static dev.baton.reconciler.TestInstances.instance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Planning passes that spend one limit run one at a time, and a lock lives only while it is used. */
class PlanningLocksTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final PlanningLocks locks = new PlanningLocks();

    @Test
    void twoPassesOnTheSameWorkflowRunOneAtATimeAndLeaveNoLock() throws Exception {
        List<String> trace = new CopyOnWriteArrayList<>();
        CountDownLatch firstIn = new CountDownLatch(1);
        CountDownLatch letFirstOut = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> locks.locked(instance("ns", "a", "report"), true, false, () -> {
            trace.add("first in");
            firstIn.countDown();
            await(letFirstOut);
            trace.add("first out");
            return null;
        }));
        assertThat(firstIn.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Thread second = new Thread(() -> locks.locked(instance("ns", "b", "report"), true, false, () -> {
            trace.add("second in");
            return null;
        }));
        second.start();
        awaitBlocked(second);
        assertThat(trace).containsExactly("first in");
        assertThat(locks.size()).as("one lock, held by one and awaited by the other").isEqualTo(1);
        letFirstOut.countDown();
        first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        second.join(WAIT.toMillis());
        assertThat(trace).containsExactly("first in", "first out", "second in");
        assertThat(locks.size()).isZero();
    }

    @Test
    void passesOfOtherWorkflowsOrWithoutLimitsDoNotWait() throws Exception {
        CountDownLatch letOut = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> locks.locked(instance("ns", "a", "report"), true, true, () -> {
            await(letOut);
            return null;
        }));
        assertThat(locks.locked(instance("ns", "b", "other"), true, true, () -> "ran")).isEqualTo("ran");
        assertThat(locks.locked(instance("other-ns", "c", "report"), true, false, () -> "ran")).isEqualTo("ran");
        assertThat(locks.locked(instance("ns", "d", "report"), false, false, () -> "ran")).isEqualTo("ran");
        letOut.countDown();
        holder.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(locks.size()).isZero();
    }

    @Test
    void membersOfOneTreeShareTheTreeLock() throws Exception {
        WorkflowInstance root = instance("ns", "a", "report");
        CountDownLatch rootIn = new CountDownLatch(1);
        CountDownLatch letRootOut = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> locks.locked(root, false, true, () -> {
            rootIn.countDown();
            await(letRootOut);
            return null;
        }));
        assertThat(rootIn.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Thread iteration = new Thread(() -> locks.locked(child(root, "a-loop-0"), false, true, () -> null));
        iteration.start();
        awaitBlocked(iteration);
        letRootOut.countDown();
        holder.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        iteration.join(WAIT.toMillis());
        assertThat(iteration.isAlive()).isFalse();
        assertThat(locks.size()).isZero();
    }

    @Test
    void aPassThatThrowsReleasesItsLocks() {
        try {
            locks.locked(instance("ns", "a", "report"), true, true, () -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // the pass's own failure, passed on
        }
        assertThat(locks.size()).isZero();
    }

    /** Until the thread parks on the lock (it cannot get past it while the other pass holds it). */
    private static void awaitBlocked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
        assertThat(t.getState()).isEqualTo(Thread.State.WAITING);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
