package dev.baton.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** The operator's settings for the HTTP requests it sends itself (http steps, notifications): BATON_HTTP_*. */
@ConfigMapping(prefix = "baton.http")
public interface HttpSettings {
    /**
     * Destinations the operator may call (BATON_HTTP_ALLOW, comma-separated; Helm value http.allow): see
     * {@link DestinationPolicy}. Unset: none, so an install sends no request until an administrator says where.
     */
    Optional<List<String>> allow();

    /** Requests in flight at most, across all instances (BATON_HTTP_CONCURRENCY); more wait their turn. */
    @WithDefault("16")
    int concurrency();

    /** Most bytes of a response body kept (BATON_HTTP_MAX_RESPONSE_BYTES); a longer body is cut there. */
    @WithDefault("262144")
    int maxResponseBytes();

    /** Most redirects followed per request, each checked against the allow-list (BATON_HTTP_MAX_REDIRECTS). */
    @WithDefault("5")
    int maxRedirects();
}
