package dev.baton.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.Attempt;
import dev.baton.engine.StepState;
import dev.baton.engine.WhileState;
import dev.baton.engine.loops.ForeachState;
import dev.baton.engine.loops.NestedCounts;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.StepPhase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Engine state → status → JSON → status → engine state gives back the same step state: what a reconcile
 * plans from is what the one before it decided. Times are whole seconds: status stores them to the second
 * today ({@link StatusCodec#text}). Numbers are ints and longs as JSON reads them back (small ones as
 * Integer); empty params and outputs are stored as absent and read back as none.
 */
class StatusCodecRoundTripTest {
    private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

    static Stream<Arguments> states() {
        return Stream.of(
                row("pending, never run", StepState.pending("load")),
                row("running, first attempt launched",
                        state(StepPhase.Running, null, null, List.of(Attempt.launched(1, T0)), T0, null, null, null, 1, null, null)),
                row("succeeded after a user error, with params and outputs", state(StepPhase.Succeeded,
                        Map.of("DATE", "2026-11-24", "n", 5, "regions", List.of("us", "eu")), Map.of("rows", 42, "ok", true),
                        List.of(new Attempt(1, AttemptOutcome.UserError, T0, at(10), 3, "Error", "exit 3: no such table", null),
                                new Attempt(2, AttemptOutcome.Succeeded, at(70), at(80), 0, "Completed", null, Map.of("rows", 42, "ok", true))),
                        T0, at(81), null, null, 1, null, null)),
                row("waiting for a retry after a platform error", state(StepPhase.Running, null, null,
                        List.of(new Attempt(1, AttemptOutcome.PlatformError, T0, at(5), 137, "Evicted", "node pressure", null)),
                        T0, null, at(65), "retrying after platform error Evicted", 1, null, null)),
                row("failed by a timeout", state(StepPhase.Failed, null, null,
                        List.of(new Attempt(1, AttemptOutcome.Timeout, T0, at(600), null, "Timeout", "ran past its timeout of 10m", null)),
                        T0, at(600), null, "timeout (attempt 1, 0 of 0 retries for this class used)", 1, null, null)),
                row("restarted: attempts numbered from 3", state(StepPhase.Running, null, null,
                        List.of(Attempt.launched(3, at(900))), at(900), null, null, null, 3, null, null)),
                row("foreach with unfinished iterations and folded leaves", state(StepPhase.Running, null, null, List.of(),
                        T0, null, null, null, 2, new ForeachState(10, 6, new TreeSet<>(List.of(2L, 5L)), 3, 1, 0, 0,
                                new NestedCounts(Map.of("Succeeded", 12L, "Failed", 2L))), null)),
                row("foreach just started", state(StepPhase.Running, null, null, List.of(), T0, null, null, null, 1,
                        ForeachState.start(1000), null)),
                row("while at its fourth iteration", state(StepPhase.Running, null, null, List.of(), T0, null, null, null, 1,
                        null, new WhileState(4, Map.of("cursor", "abc", "n", 3), new NestedCounts(Map.of("Succeeded", 8L))))),
                row("while that ended with its loop params as outputs", state(StepPhase.Succeeded, null, Map.of("cursor", "end"),
                        List.of(), T0, at(300), null, null, 1, null, new WhileState(7, Map.of("cursor", "end")))),
                row("completed with error, ignored", state(StepPhase.CompletedWithError, null, null,
                        List.of(new Attempt(1, AttemptOutcome.UserError, T0, at(1), 1, "Error", null, null)),
                        T0, at(1), null, "exit code 1 (Error)", 1, null, null)),
                row("retrying after 25 attempts: the oldest 15 folded into counts", state(StepPhase.Running, null, null,
                        java.util.stream.IntStream.rangeClosed(1, 25).mapToObj(n -> new Attempt(n,
                                n % 3 == 0 ? AttemptOutcome.Timeout : AttemptOutcome.UserError, at(n * 10L), at(n * 10L + 5),
                                null, "x", null, null)).toList(),
                        T0, null, at(400), "retrying", 1, null, null)),
                row("skipped", state(StepPhase.Skipped, null, null, List.of(), null, at(2), null, "a dependency failed", 1, null, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void stepStateSurvivesTheStatus(String title, StepState state) {
        assertThat(roundTrip(state)).isEqualTo(state);
    }

    @Test
    void emptyParamsAndOutputsAreStoredAsNone() {
        StepState empty = state(StepPhase.Succeeded, Map.of(), Map.of(), List.of(), T0, at(1), null, null, 1, null, null);

        assertThat(roundTrip(empty)).isEqualTo(state(StepPhase.Succeeded, null, null, List.of(), T0, at(1), null, null, 1, null, null));
    }

    /** Through the status of an instance, the JSON the client sends, and the status the next reconcile reads. */
    private static StepState roundTrip(StepState state) {
        WorkflowInstance instance = new WorkflowInstance();
        instance.setMetadata(new ObjectMetaBuilder().withName("run-1").withNamespace("ns").build());
        WorkflowInstanceStatus status = new WorkflowInstanceStatus();
        status.steps.add(StatusCodec.toStatus(state, "run-1", true));
        instance.setStatus(status);
        return StatusCodec.steps(StoredRun.throughJson(instance).getStatus()).get(state.name());
    }

    private static StepState state(StepPhase phase, Map<String, Object> params, Map<String, Object> outputs, List<Attempt> attempts,
                                   Instant start, Instant end, Instant nextAttemptAfter, String message, int firstAttempt,
                                   ForeachState loop, WhileState whileState) {
        return new StepState("step", phase, params, outputs, attempts, start, end, nextAttemptAfter, message, firstAttempt,
                loop, whileState, null);
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static Arguments row(String title, StepState state) {
        return Arguments.of(title, state);
    }
}
