package dev.baton.engine;

/**
 * The results of the HTTP calls of one instance's steps, as this operator process knows them. A call it
 * does not know (null) was sent by an operator that has since died, or its result was dropped: whether
 * the server got it cannot be known, and the attempt ends as a platform error.
 */
@FunctionalInterface
public interface HttpResults {
    HttpResults NONE = (step, attempt) -> null;

    /** The call of this step's attempt, or null when this process never sent it. */
    HttpResult of(String step, int attempt);
}
