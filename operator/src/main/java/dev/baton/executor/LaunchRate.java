package dev.baton.executor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How fast the operator may create step Jobs and Pods, so a burst of ready steps cannot flood the API. */
@ConfigMapping(prefix = "baton.launch")
public interface LaunchRate {
    /** Jobs and Pods created per second at most, across all instances (BATON_LAUNCH_PER_SECOND). */
    @WithDefault("100")
    double perSecond();
}
