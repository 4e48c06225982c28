package dev.baton.engine;

import java.time.Instant;
import java.util.Map;

/**
 * A Signal as a step's wait reads it, and as status remembers the one that matched.
 *
 * @param object  the Signal resource's name
 * @param uid     its uid: with {@code created}, what orders signals that arrived in the same second
 * @param created when it was created
 * @param params  its spec.params
 */
public record ArrivedSignal(String object, String uid, Instant created, Map<String, Object> params) {
    public ArrivedSignal {
        params = params == null ? Map.of() : params;
    }
}
