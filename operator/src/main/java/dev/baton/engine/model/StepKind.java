package dev.baton.engine.model;

/** The kinds of steps, named as their fields in a step. */
public enum StepKind {
    container, bash, python, noop, sleep, foreach,
    /** A while loop; its field is named while, a Java keyword. */
    whileLoop,
    subworkflow,
    /** Any Kubernetes object (a JobSet, a SparkApplication...) created from a manifest and watched to its end. */
    resource,
    /** SQL run against a database by a runner pod. */
    sql,
    /** A Jupyter notebook run by papermill in a pod. */
    notebook,
    /** An HTTP request the operator sends itself: no pod. */
    http;

    /** True for kinds whose attempts are Jobs or Pods. */
    public boolean createsPod() {
        return this == container || this == bash || this == python || this == sql || this == notebook;
    }
}
