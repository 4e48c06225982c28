package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StepPathTest {
    @ParameterizedTest
    @CsvSource({
            "load, '', load",
            "per-region[17]/load, per-region[17], load",
            "publish/send, publish, send",
            "outer[2]/inner[0]/x, outer[2]/inner[0], x",
    })
    void aPathNamesTheLoopsAndSubworkflowsOnTheWayAndTheLeafStep(String text, String parents, String step) {
        StepPath p = StepPath.parse(text);
        assertThat(String.join("/", p.parents().stream().map(StepPath.Segment::toString).toList())).isEqualTo(parents);
        assertThat(p.step()).isEqualTo(step);
        assertThat(p.toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"per-region[17]", "a//b", "A", "x[-1]/y", "/a"})
    void aMalformedPathIsAUsageError(String text) {
        assertThatThrownBy(() -> StepPath.parse(text))
                .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE));
    }

    @Test
    void anIterationIndexIsKept() {
        assertThat(StepPath.parse("p[3]/s").parents().get(0).index()).isEqualTo(3L);
        assertThat(StepPath.parse("sub/s").parents().get(0).index()).isNull();
    }
}
