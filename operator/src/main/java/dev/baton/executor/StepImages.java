package dev.baton.executor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Operator settings for step pods: the images used when a step and its workflow name none. */
@ConfigMapping(prefix = "baton.step")
public interface StepImages {
    /** Image for bash steps; it must have bash. */
    @WithDefault("debian:bookworm-slim")
    String bashImage();

    /** Image for python steps; it must have python3. */
    @WithDefault("python:3.12-slim")
    String pythonImage();
}
