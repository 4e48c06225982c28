package dev.baton.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NestingTest {

    @Test
    void aValueAtTheLimitPassesAndOneLevelMoreIsNamedByItsPath() {
        WorkflowSpec spec = new WorkflowSpec();
        ParamSpec p = new ParamSpec();
        // spec.params is the first level.
        p.defaultValue = lists(Nesting.MAX_DEPTH - 1);
        spec.params.put("p", p);
        assertThat(Nesting.tooDeep(spec, "spec")).isNull();

        p.defaultValue = Map.of("k", lists(Nesting.MAX_DEPTH - 1));

        assertThat(Nesting.tooDeep(spec, "spec")).isEqualTo("spec.params.p.defaultValue.k" + "[0]".repeat(Nesting.MAX_DEPTH - 2));
    }

    @Test
    void tenThousandLevelsAreMeasuredWithoutRecursion() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> at = root;
        for (int i = 0; i < 10_000; i++) {
            Map<String, Object> next = new LinkedHashMap<>();
            at.put("a", next);
            at = next;
        }
        WorkflowInstanceSpec spec = new WorkflowInstanceSpec();
        spec.params = root;

        assertThat(Nesting.tooDeep(spec, "spec")).startsWith("spec.params.a.a.a").hasSize("spec.params".length() + 2 * Nesting.MAX_DEPTH);
    }

    @Test
    void loopBodiesAreMeasuredToo() {
        WorkflowSpec spec = new WorkflowSpec();
        Step loop = new Step();
        loop.foreach = new ForeachStep();
        loop.foreach.steps = List.of(Map.of("name", "a", "params", Map.of("x", lists(Nesting.MAX_DEPTH))));
        spec.steps = List.of(loop);

        assertThat(Nesting.tooDeep(spec, "spec")).startsWith("spec.steps[0].foreach.steps[0].params.x[0]");
    }

    /** A list holding a list ... {@code levels} lists deep, the innermost empty. */
    private static List<Object> lists(int levels) {
        List<Object> outer = new ArrayList<>();
        List<Object> at = outer;
        for (int i = 1; i < levels; i++) {
            List<Object> next = new ArrayList<>();
            at.add(next);
            at = next;
        }
        return outer;
    }
}
