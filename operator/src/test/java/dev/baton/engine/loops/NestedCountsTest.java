package dev.baton.engine.loops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Leaf-step counts rolled up across nested loops. */
class NestedCountsTest {

    @Test
    void countsAddPhaseByPhase() {
        NestedCounts inner = new NestedCounts(Map.of("Succeeded", 3L, "Running", 1L));
        NestedCounts other = new NestedCounts(Map.of("Succeeded", 2L, "Failed", 1L));
        NestedCounts sum = inner.plus(other).plus(NestedCounts.EMPTY);
        assertThat(sum.byPhase()).containsExactly(Map.entry("Failed", 1L), Map.entry("Running", 1L), Map.entry("Succeeded", 5L));
        assertThat(sum.total()).isEqualTo(7);
        assertThat(sum.get("Skipped")).isZero();
    }

    @Test
    void phasesWithoutStepsAreLeftOut() {
        assertThat(NestedCounts.of("Running", 0).byPhase()).isEmpty();
        assertThat(NestedCounts.of("Running", 2).plus(NestedCounts.of("Running", -2))).isEqualTo(NestedCounts.EMPTY);
    }

    @Test
    void nestedLevelsRollUpToTheSameTotalsInAnyOrder() {
        NestedCounts a = NestedCounts.of("Succeeded", 4);
        NestedCounts b = NestedCounts.of("Failed", 1);
        NestedCounts c = NestedCounts.of("Succeeded", 6);
        assertThat(a.plus(b).plus(c)).isEqualTo(c.plus(a.plus(b)));
    }
}
