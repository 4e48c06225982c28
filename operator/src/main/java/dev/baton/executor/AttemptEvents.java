package dev.baton.executor;

import dev.baton.engine.Attempt;
import dev.baton.engine.model.AttemptOutcome;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;

/**
 * Which events of a step's Job or Pod can change what its instance decides, so that only those wake a
 * reconcile. A pod goes through four or five events on its way (created, scheduled, running, its
 * containers' states, done) and a Job through as many more; only the end of an attempt, a pod stuck on
 * its image, or an object going away, changes the run. Filtering the rest cuts reconciles per step from about four to one,
 * which is most of the operator's CPU in a burst and the queueing behind a step's launch delay.
 *
 * <p>Safe because an attempt's start is what status remembers, not its object's timestamps, and a
 * reconcile that is needed anyway (an instance's own change, a timer, a restart) reads the cache whole.
 */
public final class AttemptEvents {
    private AttemptEvents() {
    }

    /** A new object matters when it is already over: e.g. first seen in a relist after a lost watch. */
    public static boolean added(HasMetadata o) {
        View view = view(o);
        return view.outcome().ended() || view.stuck() != null || o.getMetadata().getDeletionTimestamp() != null;
    }

    /** A change matters when it changes the attempt as {@link AttemptReader} reads it, or starts a deletion. */
    public static boolean updated(HasMetadata old, HasMetadata o) {
        return !view(old).equals(view(o))
                || (old.getMetadata().getDeletionTimestamp() == null) != (o.getMetadata().getDeletionTimestamp() == null);
    }

    /**
     * What an attempt's reader sees in the object, leaving out times (which only change with it). Of a
     * stuck pod only the class counts: it wakes the instance once, to arm the grace period, and not again
     * each time the kubelet's back-off flips its reason between ErrImagePull and ImagePullBackOff.
     */
    private record View(AttemptOutcome outcome, Integer exitCode, String reason, String message, AttemptOutcome stuck) {
    }

    private static View view(HasMetadata o) {
        Attempt a = o instanceof Pod pod ? AttemptReader.fromPod(pod, Instant.EPOCH)
                : o instanceof Job job ? AttemptReader.fromJob(job, Instant.EPOCH) : null;
        if (a == null) {
            throw new IllegalArgumentException("not a step's Job or Pod: " + o.getKind());
        }
        return new View(a.outcome(), a.exitCode(), a.reason(), a.message(), a.stuck() == null ? null : a.stuck().outcome());
    }
}
