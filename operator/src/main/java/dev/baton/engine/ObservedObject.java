package dev.baton.engine;

import java.time.Instant;
import java.util.Map;

/**
 * The object of one attempt of a resource step, as the operator's cache shows it.
 *
 * @param object   the whole object as JSON values (what the step's conditions read as {@code object})
 * @param created  its creation time
 * @param deleting true once its deletion has begun
 * @param seen     when the reconcile that read it began: an attempt its conditions end, ends then
 */
public record ObservedObject(Map<String, Object> object, Instant created, boolean deleting, Instant seen) {
}
