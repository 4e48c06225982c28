package dev.baton.engine.model;

import java.time.Duration;
import java.time.Instant;

/**
 * What is collected when (Argo's ttlStrategy and podGC): how long an ended top-level instance is kept, by
 * outcome, and when its steps' Jobs and Pods go before it does. An instance's own spec.ttl and spec.podGC
 * win over its workflow's.
 *
 * @param afterSucceeded how long a Succeeded instance is kept after it ended, or null to keep it
 * @param afterFailed    the same for one that did not succeed (Failed, Stopped, TimedOut)
 */
public record Cleanup(Duration afterSucceeded, Duration afterFailed, PodGc podGc) {
    /**
     * Kept a week, whatever the outcome, with their pods (so logs stay readable): a default install does
     * not grow without bound, and a week covers looking into what happened.
     */
    public static final Duration DEFAULT_TTL = Duration.ofDays(7);
    public static final Cleanup DEFAULT = new Cleanup(DEFAULT_TTL, DEFAULT_TTL, PodGc.Never);

    public Cleanup {
        podGc = podGc == null ? PodGc.Never : podGc;
    }

    /** When an instance that ended as {@code phase} at {@code ended} is deleted, or null for never. */
    public Instant deleteAt(InstancePhase phase, Instant ended) {
        Duration ttl = phase == InstancePhase.Succeeded ? afterSucceeded : afterFailed;
        return ttl == null || ended == null ? null : ended.plus(ttl);
    }

    /** When a step's Jobs and Pods are deleted ahead of their instance. */
    public enum PodGc {
        /** Each attempt's, once its end is in status. */
        OnPodCompletion,
        /** Each succeeded attempt's, once its end is in status. */
        OnPodSuccess,
        /** All of them once the instance has ended. */
        OnInstanceCompletion,
        /** All of them once the instance has succeeded. */
        OnInstanceSuccess,
        /** They go with the instance (default). */
        Never
    }
}
