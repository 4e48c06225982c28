package dev.baton.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.engine.model.AttemptOutcome;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A refused Job or Pod ends its attempt: as the user's error when retrying cannot fix it, else the platform's. */
class RefusalTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "422, 'Pod \"x\" is invalid: spec.containers[0].env[0].name: Invalid value', UserError",
            "403, 'pods \"x\" is forbidden: violates PodSecurity \"restricted:latest\"', UserError",
            "403, 'pods \"x\" is forbidden: exceeded quota: q, requested: cpu=2', UserError",
            "400, 'bad request', UserError",
            "500, 'etcdserver: leader changed', PlatformError",
            "429, 'too many requests', PlatformError",
            "503, 'unavailable', PlatformError",
    })
    void theRefusalsClassDecidesTheAttemptsOutcome(int code, String message, AttemptOutcome expected) {
        Refusal r = Refusal.of(new KubernetesClientException(new StatusBuilder().withCode(code).withMessage(message).build()));
        StepStatus step = new StepStatus();
        step.name = "a";
        AttemptStatus a = new AttemptStatus();
        a.number = 1;
        a.outcome = AttemptOutcome.Running;
        step.attempts.add(a);
        InstanceStatusBuilder.markRefused(step, Map.of("a/1", r), Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(a.outcome).isEqualTo(expected);
        assertThat(a.reason).isEqualTo("CreateRefused");
        assertThat(a.message).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0}: unknown {1}")
    @CsvSource({"-1, m, true", "0, m, true", "504, m, true", "500, m, false", "500, 'etcdserver: request timed out', true",
            "503, m, false", "429, m, false", "403, m, false", "422, m, false"})
    void aCreateWithoutAnAnswerOrTimedOutMayHaveCreatedTheObject(int code, String message, boolean unknown) {
        KubernetesClientException e = code == -1
                ? new KubernetesClientException("Connection was closed", new java.io.IOException("Connection was closed"))
                : new KubernetesClientException(new StatusBuilder().withCode(code).withMessage(message).build());
        assertThat(Refusal.outcomeUnknown(e)).isEqualTo(unknown);
    }
}
