package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.Durations;
import dev.baton.engine.model.Graph;
import dev.baton.engine.model.RetryPolicy;
import dev.baton.engine.model.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Topological order, ancestors, durations and retry arithmetic. */
class GraphAndDurationsTest {
    @Test
    void ordersStepsAfterTheirDependenciesKeepingDeclarationOrderForTies() {
        Graph g = Specs.parse("""
                steps:
                  - {name: d, dependsOn: [b, c], noop: {}}
                  - {name: b, dependsOn: [a], noop: {}}
                  - {name: a, noop: {}}
                  - {name: c, dependsOn: [a], noop: {}}
                """).steps();
        assertThat(g.order()).containsExactly("a", "b", "c", "d");
        assertThat(g.ancestors("d")).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(g.ancestors("a")).isEmpty();
    }

    @Test
    void findsACycle() {
        assertThat(Graph.findCycle(Map.of("a", List.of("b"), "b", List.of("a")))).isPresent();
        assertThat(Graph.findCycle(Map.of("a", List.of("b"), "b", List.of()))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"90s,90000", "1h30m,5400000", "1.5h,5400000", "500ms,500", "2m3s,123000"})
    void parsesGoDurations(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource({"120,120ms", "4500,4.5s", "3723000,1h2m3s", "60000,1m0s"})
    void formatsDurationsLikeGo(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    }

    @Test
    void refusesMalformedDurations() {
        assertThatThrownBy(() -> Durations.parse("5 minutes")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> Durations.parse("")).hasMessageContaining("is not a duration");
    }

    @Test
    void maestroDefaultsAndExponentialBackoffCappedPerClass() {
        RetryPolicy p = RetryPolicy.of(null, null, null, false, null, null, null);
        assertThat(p.limitFor(AttemptOutcome.UserError)).isEqualTo(2);
        assertThat(p.limitFor(AttemptOutcome.PlatformError)).isEqualTo(10);
        assertThat(p.limitFor(AttemptOutcome.Timeout)).isZero();
        List<Attempt> attempts = new ArrayList<>();
        List<Duration> waits = new ArrayList<>();
        for (int n = 1; n <= 11; n++) {
            attempts.add(failed(n, AttemptOutcome.PlatformError));
            p.nextDelay(outcomes(attempts)).ifPresent(waits::add);
        }
        assertThat(waits).hasSize(10);
        assertThat(waits.subList(0, 4)).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(240), Duration.ofSeconds(480));
        assertThat(waits.get(9)).isEqualTo(Duration.ofHours(1));
        List<Attempt> user = new ArrayList<>(List.of(failed(1, AttemptOutcome.UserError), failed(2, AttemptOutcome.UserError)));
        assertThat(p.nextDelay(outcomes(user))).contains(Duration.ofSeconds(120));
        user.add(failed(3, AttemptOutcome.UserError));
        assertThat(p.nextDelay(outcomes(user))).isEmpty();
    }

    @Test
    void stepRetryOverridesWorkflowDefaults() {
        Step step = Specs.parse("""
                defaults: {retry: {errors: 1, platform: 3}}
                steps: [{name: a, retry: {errors: 5}, bash: {script: x}}]
                """).step("a");
        RetryPolicy p = step.leaf().retry();
        assertThat(p.limitFor(AttemptOutcome.UserError)).isEqualTo(5);
        assertThat(p.limitFor(AttemptOutcome.PlatformError)).isEqualTo(3);
    }

    private static Attempt failed(int n, AttemptOutcome how) {
        Instant t = Instant.parse("2026-11-24T00:00:00Z");
        return new Attempt(n, how, t, t, 1, null, null, null);
    }

    private static List<AttemptOutcome> outcomes(List<Attempt> attempts) {
        return attempts.stream().map(Attempt::outcome).toList();
    }
}
