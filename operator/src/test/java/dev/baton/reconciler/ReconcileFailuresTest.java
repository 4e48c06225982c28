package dev.baton.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failed reconcile is told to the user in their words: the API server's refusal, bounded, and cleared once it works. */
class ReconcileFailuresTest {
    @Test
    void anApiRefusalIsToldWithItsCodeAndMessage() {
        var refusal = new KubernetesClientException(new StatusBuilder().withCode(422)
                .withMessage("Job.batch \"x\" is invalid: metadata.labels: Invalid value").build());
        String message = ReconcileFailures.describe(new IllegalStateException("wrapped", refusal));
        assertThat(message).isEqualTo("reconcile failed, retrying: the API server refused (422): "
                + "Job.batch \"x\" is invalid: metadata.labels: Invalid value");
    }

    @Test
    void anyOtherErrorIsToldByItsKindAndMessageWithinTheBound() {
        assertThat(ReconcileFailures.describe(new NullPointerException())).isEqualTo("reconcile failed, retrying: NullPointerException");
        assertThat(ReconcileFailures.describe(new IllegalArgumentException("x".repeat(5_000))))
                .hasSize(ReconcileFailures.MAX_MESSAGE).endsWith("...");
    }

    @Test
    void aWorkingReconcileDropsTheFailedCondition() {
        Instant now = Instant.parse("2026-11-24T00:00:00Z");
        var failed = Conditions.set(null, ConditionType.Reconciled, false, ConditionReason.ReconcileFailed, "boom", 1L, now);
        var both = Conditions.set(failed, ConditionType.Valid, true, ConditionReason.Valid, "", 1L, now);
        assertThat(Conditions.without(both, ConditionType.Reconciled)).extracting(c -> c.getType()).containsExactly("Valid");
        assertThat(Conditions.without(null, ConditionType.Reconciled)).isNull();
        assertThat(Conditions.without(List.of(), ConditionType.Reconciled)).isEmpty();
    }
}
