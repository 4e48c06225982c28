package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Loop bodies reach the operator unchecked by the CRD schema, so the compiler reads every value of
 * theirs leniently: a wrong type, an unknown field or an out-of-range number is a field error naming its
 * path, with the same checks as the top level, and never an exception.
 */
class LenientBodyTest {
    private static final String LOOP = "steps: [{name: loop, foreach: {params: {x: [1, 2]}, steps: [BODY]}}]";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown onFailure    | {name: a, onFailure: Sometimes, noop: {}}                 | spec.steps[0].foreach.steps[0].onFailure: must be one of FailImmediately, FailAfterRunning, Ignore, got \"Sometimes\"",
            "kind not an object   | {name: a, noop: 'yes'}                                     | spec.steps[0].foreach.steps[0].noop: must be an object, got a string",
            "misspelled field     | {name: a, noop: {}, podTemplat: {}}                        | spec.steps[0].foreach.steps[0].podTemplat: unknown field",
            "pod template typo    | {name: a, bash: {script: x}, podTemplate: {spek: {}}}      | spec.steps[0].foreach.steps[0].podTemplate.spek: unknown field",
            "concurrency 0        | {name: a, foreach: {params: {y: [1]}, concurrency: 0, steps: [{name: b, noop: {}}]}} | spec.steps[0].foreach.steps[0].foreach.concurrency: must be between 1 and 1000, got 0",
            "retention -1         | {name: a, foreach: {params: {y: [1]}, retention: -1, steps: [{name: b, noop: {}}]}} | spec.steps[0].foreach.steps[0].foreach.retention: must be between 0 and 100000, got -1",
            "maxIterations 0      | {name: a, while: {condition: 'true', maxIterations: 0, steps: [{name: b, noop: {}}]}} | spec.steps[0].foreach.steps[0].while.maxIterations: must be between 1 and 1000000000, got 0",
            "past 32 bits         | {name: a, retry: {errors: 4294967296}, bash: {script: x}}  | spec.steps[0].foreach.steps[0].retry.errors: must be between 0 and 100, got 4294967296",
            "no image             | {name: a, container: {args: [x]}}                          | spec.steps[0].foreach.steps[0].container.image: no image",
            "script not a string  | {name: a, bash: {script: [x]}}                             | spec.steps[0].foreach.steps[0].bash.script: must be a string, got an array",
            "name not a string    | {name: 7, noop: {}}                                        | spec.steps[0].foreach.steps[0].name: must be a string, got 7",
            "edge not a step      | {name: a, dependsOn: [7], noop: {}}                        | spec.steps[0].foreach.steps[0].dependsOn[0]: must be a step name or {step: name, when: condition}",
            "bad duration type    | {name: a, sleep: {duration: 5}}                            | spec.steps[0].foreach.steps[0].sleep.duration: must be a duration such as 90s, 30m or 2h, got 5",
            "while needs condition | {name: a, while: {steps: [{name: b, noop: {}}]}}          | spec.steps[0].foreach.steps[0].while.condition: a condition is required",
            "when gives a number  | {name: a, noop: {}}, {name: b, dependsOn: [{step: a, when: '1 + 2'}], noop: {}} | spec.steps[0].foreach.steps[1].dependsOn[0].when: condition \"1 + 2\" must give a boolean, but it gives int",
            "condition a string   | {name: a, while: {condition: '\"yes\"', steps: [{name: b, noop: {}}]}} | spec.steps[0].foreach.steps[0].while.condition: condition \"\"yes\"\" must give a boolean, but it gives string",
            "bad env name         | {name: a, bash: {script: x, env: {'1X': y}}}              | spec.steps[0].foreach.steps[0].bash.env.1X: \"1X\" is not an environment variable name",
            "param not an env name | {name: a, params: {'my param': 1}, bash: {script: x}}    | spec.steps[0].foreach.steps[0].params.my param: \"my param\" is not an environment variable name",
            "step not an object   | 42                                                         | spec.steps[0].foreach.steps[0]: must be an object, got a number",
    })
    void aMalformedBodyValueIsAFieldError(String title, String body, String expected) {
        List<FieldError> errors = Specs.errors(LOOP.replace("BODY", body));
        assertThat(errors).extracting(FieldError::toString).anySatisfy(e -> assertThat(e).startsWith(expected));
    }

    @Test
    void aBodyHasTheTopLevelsStepLimit() {
        List<Map<String, Object>> body = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            body.add(Map.of("name", "s" + i, "noop", Map.of()));
        }
        Map<String, Object> spec = Map.of("steps", List.of(Map.of("name", "loop",
                "foreach", Map.of("params", Map.of("x", List.of(1)), "steps", body))));
        assertThat(new WorkflowCompiler(new Expressions(), PodChecks.NONE).compile(spec).errors())
                .extracting(FieldError::toString).containsExactly("spec.steps[0].foreach.steps: at most 200 entries, got 20000");
    }

    @Test
    void loopsNestedTooDeepAreRefusedWithoutExhaustingTheStack() {
        Map<String, Object> step = Map.of("name", "leaf", "noop", Map.of());
        for (int depth = 0; depth < 5_000; depth++) {
            Map<String, Object> loop = new LinkedHashMap<>();
            loop.put("name", "l" + depth);
            loop.put("foreach", Map.of("params", Map.of("x", List.of(1)), "steps", List.of(step)));
            step = loop;
        }
        var compiled = new WorkflowCompiler(new Expressions(), PodChecks.NONE).compile(Map.of("steps", List.of(step)));
        assertThat(compiled.valid()).isFalse();
        assertThat(compiled.errors()).extracting(FieldError::message).anySatisfy(m -> assertThat(m).contains("nested more than"));
    }

    @Test
    void aValidBodyCompilesWithTheWorkflowsDefaults() {
        var definition = Specs.parse("""
                defaults: {image: "busybox:1", retry: {errors: 4}}
                steps:
                  - name: loop
                    foreach:
                      params: {x: [1, 2]}
                      steps: [{name: a, container: {args: ["${x}"]}}]
                """);
        var leaf = definition.body(List.of("loop")).step("a").leaf();
        assertThat(leaf.image()).isEqualTo("busybox:1");
        assertThat(leaf.retry().errors()).isEqualTo(4);
    }

    @Test
    void lineBreaksAndControlCharactersOfAUsersKeysAreEscapedInErrors() {
        Map<String, Object> spec = Map.of("steps", List.of(Map.of("name", "a", "noop", Map.of(), "bad\nkey\u0007", 1)));
        var errors = new WorkflowCompiler(new Expressions(), PodChecks.NONE).compile(spec).errors();
        assertThat(errors).extracting(FieldError::field).containsExactly("spec.steps[0].bad\\nkey\\u0007");
        assertThat(errors).allSatisfy(e -> assertThat(e.toString()).doesNotContain("\n").doesNotContain("\u0007"));
    }
}
