package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every semantic error of a workflow is reported at once, each naming its field. */
class WorkflowCompilerTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown step       | [{name: a, noop: {}}, {name: b, dependsOn: [zz], noop: {}}]                  | spec.steps[1].dependsOn[0]: unknown step \"zz\"",
            "self dependency    | [{name: a, dependsOn: [a], noop: {}}]                                         | spec.steps[0].dependsOn[0]: a step cannot depend on itself",
            "duplicate edge     | [{name: a, noop: {}}, {name: b, dependsOn: [a, a], noop: {}}]                 | spec.steps[1].dependsOn[1]: \"a\" is listed twice",
            "duplicate name     | [{name: a, noop: {}}, {name: a, noop: {}}]                                    | spec.steps[1].name: duplicate step name \"a\" (also spec.steps[0])",
            "bad name           | [{name: A_b, noop: {}}]                                                       | spec.steps[0].name: \"A_b\" is not a step name",
            "cycle              | [{name: a, dependsOn: [c], noop: {}}, {name: b, dependsOn: [a], noop: {}}, {name: c, dependsOn: [b], noop: {}}] | spec.steps: dependsOn forms a cycle: a → c → b → a",
            "two kinds          | [{name: a, noop: {}, sleep: {duration: 1s}}]                                  | spec.steps[0]: a step sets exactly one kind",
            "bad sleep          | [{name: a, sleep: {duration: soon}}]                                          | spec.steps[0].sleep.duration: \"soon\" is not a duration",
            "bad when           | [{name: a, noop: {}}, {name: b, dependsOn: [{step: a, when: 'a >'}], noop: {}}] | spec.steps[1].dependsOn[0].when: invalid expression",
            "unknown variable   | [{name: a, noop: {}}, {name: b, dependsOn: [{step: a, when: 'x > 1'}], noop: {}}] | spec.steps[1].dependsOn[0].when: invalid expression",
            "not upstream       | [{name: a, noop: {}}, {name: b, params: {x: '${steps.c.outputs.y}'}, noop: {}}, {name: c, noop: {}}] | spec.steps[1].params.x: reads steps.c, which is not upstream of this step",
            "undeclared param   | [{name: a, container: {image: busybox, args: ['${params.nope}']}}]          | spec.steps[0].container.args[0]: reads params.nope, which the workflow does not declare",
            "bad template       | [{name: a, container: {image: busybox, args: ['${1 +']}}]                   | spec.steps[0].container.args[0]",
            "no image           | [{name: a, container: {args: [x]}}]                                           | spec.steps[0].container.image: no image",
            "bad image          | [{name: a, container: {image: 'UPPER/case:1'}}]                               | spec.steps[0].container.image: \"UPPER/case:1\" is not a valid image reference",
            "bad step timeout   | [{name: a, timeout: 5 minutes, noop: {}}]                                     | spec.steps[0].timeout",
            "bad backoff        | [{name: a, retry: {backoff: {base: fast}}, noop: {}}]                         | spec.steps[0].retry.backoff.base",
    })
    void reportsTheFieldAndTheProblem(String title, String steps, String expected) {
        List<FieldError> errors = Specs.errors(("steps: " + steps));
        assertThat(errors).extracting(FieldError::toString).anySatisfy(e -> assertThat(e).startsWith(expected));
    }

    @Test
    void reportsEveryErrorAtOnce() {
        List<FieldError> errors = Specs.errors(("""
                timeout: never
                steps:
                  - {name: a, dependsOn: [nope], noop: {}}
                  - {name: b, container: {args: [x]}}
                """));
        assertThat(errors).extracting(FieldError::field)
                .contains("spec.timeout", "spec.steps[0].dependsOn[0]", "spec.steps[1].container.image");
    }

    @Test
    void acceptsAValidWorkflow() {
        assertThat(Specs.errors(("""
                params: {p: {type: long, default: 1}, regions: {type: stringArray, default: [us]}}
                defaults: {image: "registry.example:5000/team/img:1.2", timeout: 2h}
                steps:
                  - {name: a, bash: {script: "echo ${HOME}"}}
                  - name: b
                    dependsOn: [{step: a, when: "steps['a'].outputs.n > params.p"}]
                    params: {n: "${steps.a.outputs.n}", all: ["${params.regions}"]}
                    container: {args: ["--n=${steps.a.outputs.n}"], env: {P: "${params.p}"}}
                  - {name: c, dependsOn: [b, a], sleep: {duration: 1m30s}}
                """))).isEmpty();
    }

    @Test
    void aMissingStepListIsReported() {
        assertThat(Specs.errors(("description: nothing"))).extracting(FieldError::toString)
                .containsExactly("spec.steps: a workflow needs at least one step");
    }
}
