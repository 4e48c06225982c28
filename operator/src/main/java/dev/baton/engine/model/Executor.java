package dev.baton.engine.model;

/** The Kubernetes object a leaf step runs as. */
public enum Executor {
    /** A batch/v1 Job with one pod and no Kubernetes-level retries; Baton retries itself. */
    Job,
    /** A bare Pod with restartPolicy Never: lighter, for short steps. */
    Pod
}
