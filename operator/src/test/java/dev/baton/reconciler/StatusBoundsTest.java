package dev.baton.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.AttemptStatus;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.Json;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whatever a run writes, its stored status stays far below etcd's object limit, so it can always be written. */
class StatusBoundsTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void aStatusPastTheLimitFailsTheRunAndFits() {
        WorkflowInstanceStatus status = new WorkflowInstanceStatus();
        status.phase = InstancePhase.Running;
        status.startTime = "2026-11-24T09:00:00Z";
        for (int i = 0; i < 200; i++) {
            StepStatus st = new StepStatus();
            st.name = "s" + i;
            st.phase = StepPhase.Running;
            st.params = Map.of("big", "x".repeat(10_000));
            for (int n = 1; n <= 10; n++) {
                AttemptStatus a = new AttemptStatus();
                a.number = n;
                a.outcome = AttemptOutcome.UserError;
                a.message = "y".repeat(900);
                st.attempts.add(a);
            }
            status.steps.add(st);
        }
        assertThat(Json.write(status).length()).isGreaterThan(InstanceStatusBuilder.MAX_STATUS_BYTES);
        WorkflowInstanceStatus fitted = InstanceStatusBuilder.fitting(status, NOW);
        assertThat(Json.write(fitted).length()).isLessThan(InstanceStatusBuilder.MAX_STATUS_BYTES);
        assertThat(fitted.phase).isEqualTo(InstancePhase.Failed);
        assertThat(fitted.message).contains("past the limit");
        assertThat(fitted.steps).hasSize(200).allSatisfy(st -> assertThat(st.attempts).hasSize(3));
        assertThat(fitted.completionTime).isEqualTo(NOW.toString());
    }

    @Test
    void aStatusWithinTheLimitIsLeftAsItIs() {
        WorkflowInstanceStatus status = new WorkflowInstanceStatus();
        status.phase = InstancePhase.Running;
        assertThat(InstanceStatusBuilder.fitting(status, NOW)).isSameAs(status);
    }

    @Test
    void messagesAndErrorListsAreBounded() {
        assertThat(StatusCodec.bounded("z".repeat(5_000))).hasSize(StatusCodec.MAX_MESSAGE).endsWith("...");
        assertThat(StatusCodec.bounded("short")).isEqualTo("short");
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            errors.add(new FieldError("spec.steps[" + i + "].name", "\"" + "n".repeat(10_000) + "\" is not a step name"));
        }
        String summary = FieldError.summary(errors);
        assertThat(summary).endsWith("; and 4980 more errors");
        assertThat(summary.length()).isLessThan(FieldError.MAX_LISTED * (2 * FieldError.MAX_TEXT + 4) + 40);
    }
}
