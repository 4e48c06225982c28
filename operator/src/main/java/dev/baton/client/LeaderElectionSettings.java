package dev.baton.client;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Leader election over a coordination.k8s.io Lease (the chart's leaderElection values), read by the elector
 * (dev.baton.reconciler.LeaderElection) and by the client's {@link LeaseFence}.
 */
@ConfigMapping(prefix = "baton.leader-election")
public interface LeaderElectionSettings {
    /** Off by default, so `make run` and the tests need no Lease (BATON_LEADER_ELECTION_ENABLED). */
    @WithDefault("false")
    boolean enabled();

    @WithDefault("baton-leader")
    String leaseName();

    /** The release namespace; empty: the client's namespace. */
    Optional<String> leaseNamespace();

    /**
     * Another replica takes over once the Lease has gone unrenewed this long, looking every retry period: a crashed
     * leader is replaced within about lease + retry. 10 s (JOSDK's default, 15 s, left a killed leader's run idle
     * 15-17 s).
     */
    @WithDefault("10")
    int leaseDurationSeconds();

    /** The leader gives up (and exits) when it could not renew for this long; it writes nothing past it. */
    @WithDefault("7")
    int renewDeadlineSeconds();

    @WithDefault("2")
    int retryPeriodSeconds();
}
