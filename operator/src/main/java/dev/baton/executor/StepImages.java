package dev.baton.executor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Operator settings for step pods: the images used when a step and its workflow name none, and their user. */
@ConfigMapping(prefix = "baton.step")
public interface StepImages {
    /** Image for bash steps; it must have bash. */
    @WithDefault("debian:bookworm-slim")
    String bashImage();

    /** Image for python steps; it must have python3. */
    @WithDefault("python:3.12-slim")
    String pythonImage();

    /**
     * Image for sql steps; it must have python3 and the engine's driver (psycopg 3 for postgresql): the
     * runner itself comes with the operator. The project builds one from Debian's python3-psycopg
     * (controller-tests/cluster/realnode/images.sh); push such an image and name it here.
     */
    @WithDefault("localhost/baton/step-sql:bookworm-1")
    String sqlImage();

    /**
     * Image for notebook steps; it must have python3, papermill and a Jupyter kernel (ipykernel): the
     * runner itself comes with the operator. The project builds one from Debian's packages and papermill
     * (controller-tests/cluster/realnode/images.sh); push such an image and name it here.
     */
    @WithDefault("localhost/baton/step-notebook:bookworm-1")
    String notebookImage();

    /**
     * UID step containers run as (pod securityContext.runAsUser). Step pods follow the `restricted` Pod
     * Security profile, whose runAsNonRoot refuses images that default to root unless a UID is given;
     * a workflow's podTemplate may override it.
     */
    @WithDefault("1000")
    long runAsUser();
}
