package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.WhilePlanner.WhileDecision.Kind;
import dev.baton.engine.WhilePlanner.WhileDecision;
import dev.baton.engine.model.StepPhase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rounds of a while loop. */
class WhilePlannerTest {
    private static final Expressions EXPRESSIONS = new Expressions();

    /**
     * Runs a while loop whose body has one step with param {@code i: "${i + 1}"} (and nothing else),
     * returning the value of {@code i} each iteration started with, and the last decision.
     */
    private static Map.Entry<List<Object>, WhileDecision> run(String condition, Map<String, Object> initial, Long max) {
        List<Object> started = new ArrayList<>();
        Map<String, Object> params = initial;
        Map<String, Object> body = null;
        for (long iteration = 0; ; iteration++) {
            WhileDecision d = WhilePlanner.next(condition, params, iteration, body, max, EXPRESSIONS);
            if (d.kind() != Kind.Start) {
                return Map.entry(started, d);
            }
            assertThat(d.iteration()).isEqualTo(iteration);
            started.add(d.params().get("i"));
            Map<String, Object> vars = new HashMap<>(d.params());
            vars.put("iteration", iteration);
            StepState step = StepState.pending("bump").started(Map.of("i", EXPRESSIONS.interpolate("${i + 1}", vars)), null);
            body = WhilePlanner.bodyValues(List.of(step));
            params = d.params();
        }
    }

    @Test
    void maestroExampleRunsFiveIterations() {
        var result = run("i <= 5", Map.of("i", 1L), null);
        assertThat(result.getKey()).containsExactly(1L, 2L, 3L, 4L, 5L);
        WhileDecision done = result.getValue();
        assertThat(done.kind()).isEqualTo(Kind.Done);
        assertThat(done.iteration()).isEqualTo(5);
        assertThat(done.params()).containsExactly(Map.entry("i", 6L));
        assertThat(done.message()).isEqualTo("condition \"i <= 5\" is false after 5 iterations");
    }

    @ParameterizedTest(name = "{0} with i={1}, maxIterations={2} → {3} iterations, then {4}")
    @CsvSource(delimiter = '|', value = {
            // condition        | i  | max | started | end
            "i <= 5             | 1  |     | 5       | Done",
            "i < 0              | 1  |     | 0       | Done",
            "iteration < 3      | 1  |     | 3       | Done",
            "i <= 5             | 1  | 5   | 5       | Done",
            "i <= 5             | 1  | 4   | 4       | Error",
            "true               | 1  | 3   | 3       | Error",
            "i + 1              | 1  |     | 0       | Error",
            "j < 3              | 1  |     | 0       | Error",
    })
    void conditionTable(String condition, long i, Long max, int started, Kind end) {
        var result = run(condition, Map.of("i", i), max);
        assertThat(result.getKey()).hasSize(started);
        assertThat(result.getValue().kind()).isEqualTo(end);
    }

    @Test
    void aConditionStillTrueAtTheLimitIsAnErrorNamingMaxIterations() {
        WhileDecision d = WhilePlanner.next("true", Map.of(), 3, null, 3L, EXPRESSIONS);
        assertThat(d.kind()).isEqualTo(Kind.Error);
        assertThat(d.message()).isEqualTo("while.maxIterations: condition \"true\" is still true after 3 iterations, the limit");
        WhileDecision unset = WhilePlanner.next("true", Map.of(), WhilePlanner.DEFAULT_MAX_ITERATIONS, null, null, EXPRESSIONS);
        assertThat(unset.message()).startsWith("while.maxIterations:").endsWith("when while.maxIterations is not set");
    }

    @Test
    void aConditionThatIsNotABooleanIsAnError() {
        WhileDecision d = WhilePlanner.next("i + 1", Map.of("i", 1L), 0, null, null, EXPRESSIONS);
        assertThat(d.kind()).isEqualTo(Kind.Error);
        assertThat(d.message()).startsWith("while.condition: ").contains("must be a boolean, got int");
    }

    @Test
    void onlyValuesNamedLikeLoopParamsAreCarriedAndOutputsWinOverParams() {
        StepState first = new StepState("a", StepPhase.Succeeded, Map.of("i", 10L, "other", 1L), Map.of("i", 20L),
                List.of(), null, null, null, null, 1, null, null, null);
        StepState second = new StepState("b", StepPhase.Succeeded, Map.of("j", "x"), null, List.of(), null, null, null, null, 1, null, null, null);
        Map<String, Object> body = WhilePlanner.bodyValues(List.of(first, second));
        WhileDecision d = WhilePlanner.next("i < 100", Map.of("i", 0L, "j", "y", "k", true), 1, body, null, EXPRESSIONS);
        assertThat(d.kind()).isEqualTo(Kind.Start);
        assertThat(d.params()).containsExactlyInAnyOrderEntriesOf(Map.of("i", 20L, "j", "x", "k", true));
    }

    @Test
    void theConditionSeesTheEnclosingScopeShadowedByLoopParams() {
        Map<String, Object> scope = Map.of("params", Map.of("limit", 2L), "i", "shadowed");
        assertThat(WhilePlanner.next("i < params.limit", scope, Map.of("i", 1L), 0, null, null, EXPRESSIONS).kind())
                .isEqualTo(Kind.Start);
        assertThat(WhilePlanner.next("i < params.limit", scope, Map.of("i", 2L), 1, null, null, EXPRESSIONS).kind())
                .isEqualTo(Kind.Done);
    }
}
