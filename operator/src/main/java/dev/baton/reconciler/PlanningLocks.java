package dev.baton.reconciler;

import dev.baton.api.WorkflowInstance;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serializes the planning passes that spend a shared limit, so two instances never spend the same unit
 * of it: instances of a workflow that sets stepConcurrency are planned one at a time in this process, and
 * so are the members of a tree whose root sets instanceStepConcurrency.
 *
 * <p>A lock lives only while someone holds or waits for it: each entry counts its users, and the last to
 * release removes it. Counting and removal happen inside {@link ConcurrentHashMap#compute}, which runs
 * one at a time per key, so a thread never locks an entry that another has just removed. Kept forever, as
 * before, one lock per root made 100,000 loop runs 100,000 locks.
 */
@ApplicationScoped
public class PlanningLocks {
    private final Map<String, Entry> locks = new ConcurrentHashMap<>();

    /**
     * Runs a planning pass holding the workflow's lock (when {@code workflow}) and the tree's (when
     * {@code tree}), always in that order, so that two passes never wait for each other in a cycle.
     */
    <T> T locked(WorkflowInstance i, boolean workflow, boolean tree, Supplier<T> pass) {
        String w = workflow ? "workflow:" + InstanceTree.workflowKey(i) : null;
        String t = tree ? "tree:" + InstanceTree.treeKey(i) : null;
        acquire(w);
        try {
            acquire(t);
            try {
                return pass.get();
            } finally {
                release(t);
            }
        } finally {
            release(w);
        }
    }

    /** Locks in use (held or awaited), for tests. */
    int size() {
        return locks.size();
    }

    private void acquire(String key) {
        if (key == null) {
            return;
        }
        Entry entry = locks.compute(key, (k, e) -> {
            Entry used = e == null ? new Entry() : e;
            used.users++;
            return used;
        });
        entry.lock.lock();
    }

    private void release(String key) {
        if (key == null) {
            return;
        }
        locks.compute(key, (k, e) -> {
            e.lock.unlock();
            return --e.users == 0 ? null : e;
        });
    }

    /** A lock and how many threads hold or wait for it; {@code users} is touched only inside compute. */
    private static final class Entry {
        private final ReentrantLock lock = new ReentrantLock();
        private int users;
    }
}
