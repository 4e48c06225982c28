package dev.baton.console;

import java.util.List;
import java.util.Map;

/**
 * Who a request comes from. In readOnly mode everyone is {@link #ANONYMOUS}; in kubernetes mode, the user the
 * API server's TokenReview named for the request's bearer token.
 */
public record Caller(String user, String uid, List<String> groups, Map<String, List<String>> extra) {
    public static final Caller ANONYMOUS = new Caller(null, null, List.of(), Map.of());

    public boolean anonymous() {
        return user == null;
    }
}
