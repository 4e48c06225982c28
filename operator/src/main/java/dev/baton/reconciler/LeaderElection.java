package dev.baton.reconciler;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Leader election over a coordination.k8s.io Lease, so that of several replicas one reconciles and the
 * others wait to take over. Quarkus Operator SDK enables it when a LeaderElectionConfiguration bean exists
 * (in the prod profile); off by default, so `make run` and the tests need no Lease.
 */
public class LeaderElection {
    @Produces
    @Dependent
    LeaderElectionConfiguration leaderElection(
            @ConfigProperty(name = "baton.leader-election.enabled", defaultValue = "false") boolean enabled,
            @ConfigProperty(name = "baton.leader-election.lease-name", defaultValue = "baton-leader") String leaseName,
            @ConfigProperty(name = "baton.leader-election.lease-namespace") Optional<String> leaseNamespace) {
        if (!enabled) {
            return null; // no bean instance: the operator runs without leader election
        }
        // A replica that loses the Lease (the API server unreachable past the renew deadline) must not idle
        // on as a non-leader: it exits and Kubernetes restarts it to campaign again. Quarkus.asyncExit, not
        // the exitOnStopLeading flag: that calls System.exit, which blocks when the stop is a SIGTERM.
        return new LeaderElectionConfiguration(leaseName, leaseNamespace.orElse(null),
                LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                null, // identity: the pod name ($HOSTNAME)
                new LeaderCallbacks(() -> { }, () -> Quarkus.asyncExit(1), leader -> { }),
                false);
    }
}
