package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.StepKind;
import org.junit.jupiter.api.Test;

/** Every kind of step has its runner: a kind added without one fails here, not at run time. */
class StepRunnersTest {
    @Test
    void everyKindHasARunner() {
        StepRunners runners = new StepRunners(new Expressions());
        for (StepKind kind : StepKind.values()) {
            assertThat(runners.of(kind)).as(kind.name()).isNotNull();
        }
    }

    @Test
    void onlyKindsThatRunChildInstancesNestLeaves() {
        StepRunners runners = new StepRunners(new Expressions());
        for (StepKind kind : StepKind.values()) {
            boolean nests = kind == StepKind.foreach || kind == StepKind.whileLoop || kind == StepKind.subworkflow;
            assertThat(runners.of(kind).nests()).as(kind.name()).isEqualTo(nests);
        }
    }
}
