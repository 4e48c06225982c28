package dev.baton.reconciler;

import dev.baton.client.LeaderElectionSettings;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Leader election over a coordination.k8s.io Lease, so that of several replicas one reconciles and the
 * others wait to take over. Quarkus Operator SDK enables it when a LeaderElectionConfiguration bean exists
 * (in the prod profile); off by default, so `make run` and the tests need no Lease.
 */
public class LeaderElection {
    @Produces
    @Dependent
    LeaderElectionConfiguration leaderElection(LeaderElectionSettings settings,
            @ConfigProperty(name = "HOSTNAME", defaultValue = "baton") String podName) {
        if (!settings.enabled()) {
            return null; // no bean instance: the operator runs without leader election
        }
        int leaseSeconds = settings.leaseDurationSeconds();
        int renewSeconds = settings.renewDeadlineSeconds();
        int retrySeconds = settings.retryPeriodSeconds();
        if (!(0 < retrySeconds && retrySeconds < renewSeconds && renewSeconds < leaseSeconds)) {
            // As client-go refuses: a leader that renews no faster than others may take the Lease loses it at random.
            throw new IllegalArgumentException("leader election needs 0 < retry period (%d s) < renew deadline (%d s) < lease duration (%d s)"
                    .formatted(retrySeconds, renewSeconds, leaseSeconds));
        }
        // A replica that loses the Lease (the API server unreachable past the renew deadline) must not idle
        // on as a non-leader: it exits and Kubernetes restarts it to campaign again. Quarkus.asyncExit, not
        // the exitOnStopLeading flag: that calls System.exit, which blocks when the stop is a SIGTERM.
        return new LeaderElectionConfiguration(settings.leaseName(), settings.leaseNamespace().orElse(null),
                Duration.ofSeconds(leaseSeconds), Duration.ofSeconds(renewSeconds), Duration.ofSeconds(retrySeconds),
                identity(podName),
                new LeaderCallbacks(() -> { }, () -> Quarkus.asyncExit(1), leader -> { }),
                false);
    }

    /**
     * The pod name and a fresh UUID, as client-go's components name themselves: the pod name alone (JOSDK's
     * default) let a container restarted after a crash find "its" Lease and take it back at once, before the Lease
     * expired, so the warm standby never took over and the run waited for a cold JVM (FailoverIT saw it).
     */
    static String identity(String podName) {
        return podName + "_" + UUID.randomUUID();
    }
}
