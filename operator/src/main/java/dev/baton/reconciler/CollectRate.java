package dev.baton.reconciler;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How fast the operator deletes what its ttl and podGC collect, so a backlog never bursts at the API server. */
@ConfigMapping(prefix = "baton.collect")
public interface CollectRate {
    /** Instances, Jobs and Pods deleted per second at most, across all instances (BATON_COLLECT_PER_SECOND). */
    @WithDefault("20")
    double perSecond();
}
