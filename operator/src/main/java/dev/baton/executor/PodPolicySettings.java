package dev.baton.executor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's restriction of what a workflow's podTemplate may ask for (BATON_POD_POLICY_*). Off by
 * default: whoever may create Workflows in a namespace may then create pods there with any service
 * account and any volume, as with a Deployment. See {@link PodPolicy}.
 */
@ConfigMapping(prefix = "baton.pod-policy")
public interface PodPolicySettings {
    /** Refuse host access (hostPath volumes, privileged containers, host namespaces) and unlisted service accounts. */
    @WithDefault("false")
    boolean enabled();

    /** Service accounts a podTemplate may name; unset: any. A step that names none runs as "default". */
    Optional<Set<String>> serviceAccounts();
}
