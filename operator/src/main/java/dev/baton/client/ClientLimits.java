package dev.baton.client;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Client-side limits of the operator's requests to the API server, as client-go's QPS and burst: the
 * Fabric8 client has none of its own, and an operator that fans out thousands of steps must not be the
 * reason the API server throttles everyone else (its priority-and-fairness queues would).
 */
@ConfigMapping(prefix = "baton.client")
public interface ClientLimits {
    /** Requests per second at steady state (BATON_CLIENT_QPS); 0 turns the limit off. */
    @WithDefault("500")
    double qps();

    /** Requests allowed at once above the steady rate (BATON_CLIENT_BURST). */
    @WithDefault("1000")
    int burst();
}
