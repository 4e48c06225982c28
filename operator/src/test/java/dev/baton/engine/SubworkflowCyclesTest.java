package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.Definition;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A workflow that starts itself through subworkflows is found before it runs. */
class SubworkflowCyclesTest {
    private static final Definition LEAF = Specs.parse("steps: [{name: a, noop: {}}]");

    private static Definition starting(String workflow) {
        return Specs.parse("steps: [{name: a, noop: {}}, {name: call, dependsOn: [a], subworkflow: {workflow: " + workflow + "}}]");
    }

    @Test
    void aWorkflowThatStartsItself() {
        var cycle = SubworkflowCycles.through("a", starting("a"), Map.<String, Definition>of()::get);
        assertThat(cycle).hasValueSatisfying(c -> {
            assertThat(c.path()).containsExactly("a", "a");
            assertThat(c.step().field()).isEqualTo("spec.steps[1]");
        });
    }

    @Test
    void aChainThatComesBack() {
        Map<String, Definition> others = Map.of("b", starting("c"), "c", starting("a"));
        assertThat(SubworkflowCycles.through("a", starting("b"), others::get))
                .hasValueSatisfying(c -> assertThat(c.path()).containsExactly("a", "b", "c", "a"));
    }

    @Test
    void aCycleInsideALoopBodyIsFoundToo() {
        Definition looping = Specs.parse("""
                steps:
                  - name: each
                    foreach:
                      params: {x: [1]}
                      steps: [{name: call, subworkflow: {workflow: a}}]
                """);
        assertThat(SubworkflowCycles.through("a", looping, Map.<String, Definition>of()::get)).isPresent();
    }

    @Test
    void aChainThatEndsOrCyclesElsewhereIsFine() {
        Map<String, Definition> others = Map.of("b", starting("c"), "c", LEAF, "d", starting("d"));
        assertThat(SubworkflowCycles.through("a", starting("b"), others::get)).isEmpty();
        assertThat(SubworkflowCycles.through("a", starting("d"), others::get)).as("d's own cycle is d's verdict").isEmpty();
        assertThat(SubworkflowCycles.through("a", starting("missing"), others::get)).isEmpty();
    }
}
