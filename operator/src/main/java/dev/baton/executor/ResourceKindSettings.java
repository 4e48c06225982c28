package dev.baton.executor;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of object resource steps may create (BATON_RESOURCE_KINDS), each {@code group/version/Kind/plural}
 * (the core group is empty: {@code /v1/ConfigMap/configmaps}), comma-separated. The chart's resourceKinds value
 * writes it and grants exactly these kinds. None by default: a workflow with a resource step is then invalid.
 */
@ConfigMapping(prefix = "baton.resource")
public interface ResourceKindSettings {
    Optional<List<String>> kinds();
}
