package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A loop body is checked like a workflow, with the loop variables and `iteration` in scope. */
class ForeachValidationTest {

    @Test
    void loopVariablesAreInScopeInTheBody() {
        List<FieldError> errors = Specs.errors(("""
                steps:
                  - name: each
                    foreach:
                      params: {n: [0, 1]}
                      steps:
                        - {name: work, bash: {script: x}}
                        - {name: fail, dependsOn: [{step: work, when: "n == 1 && iteration >= 0"}], bash: {script: x}}
                """));
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "loop var outside the body | [{name: a, foreach: {params: {n: [1]}, steps: [{name: w, noop: {}}]}}, {name: b, dependsOn: [{step: a, when: 'n > 0'}], noop: {}}] | spec.steps[1].dependsOn[0].when",
            "reserved loop var name    | [{name: a, foreach: {params: {iteration: [1]}, steps: [{name: w, noop: {}}]}}] | spec.steps[0].foreach.params.iteration",
            "loop var not a list       | [{name: a, foreach: {params: {n: 5}, steps: [{name: w, noop: {}}]}}]          | spec.steps[0].foreach.params.n: must be a list",
            "empty body                | [{name: a, foreach: {params: {n: [1]}, steps: []}}]                            | spec.steps[0].foreach.steps",
            "bad body step             | [{name: a, foreach: {params: {n: [1]}, steps: [{name: w, dependsOn: [zz], noop: {}}]}}] | spec.steps[0].foreach.steps[0].dependsOn[0]: unknown step",
    })
    void reportsLoopErrorsWithTheirPath(String title, String steps, String expected) {
        assertThat(Specs.errors(("steps: " + steps))).extracting(FieldError::toString)
                .anySatisfy(e -> assertThat(e).startsWith(expected));
    }
}
