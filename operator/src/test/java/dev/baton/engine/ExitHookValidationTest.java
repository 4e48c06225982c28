package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.ExitHook;
import dev.baton.engine.model.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad exit hooks are refused with the field and the problem, every one at once. */
class ExitHookValidationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "depends on a graph step | [{name: h, dependsOn: [a], noop: {}}]                  | spec.onExit[0].dependsOn[0]: \"a\" is a step of spec.steps: an exit hook starts once every step has ended and depends only on other exit hooks",
            "name of a graph step    | [{name: a, noop: {}}]                                   | spec.onExit[0].name: duplicate step name \"a\" (also a step of spec.steps)",
            "two hooks, one name     | [{name: h, noop: {}}, {name: h, noop: {}}]              | spec.onExit[1].name: duplicate step name \"h\" (also spec.onExit[0])",
            "invalid when            | [{name: h, when: Sometimes, noop: {}}]                  | spec.onExit[0].when: ",
            "failInstance not a bool | [{name: h, failInstance: yes-please, noop: {}}]         | spec.onExit[0].failInstance: ",
            "unknown field           | [{name: h, whenever: Failed, noop: {}}]                 | spec.onExit[0].whenever: unknown field",
            "unknown hook            | [{name: h, dependsOn: [zz], noop: {}}]                  | spec.onExit[0].dependsOn[0]: unknown step \"zz\"",
            "no kind                 | [{name: h}]                                             | spec.onExit[0]: a step sets exactly one kind",
            "bad template            | [{name: h, params: {x: '${nope.x}'}, noop: {}}]         | spec.onExit[0].params.x",
            "undeclared param        | [{name: h, params: {x: '${params.zz}'}, noop: {}}]      | spec.onExit[0].params.x: reads params.zz, which the workflow does not declare",
            "not an object           | [just-a-name]                                           | spec.onExit[0]: must be an object",
            "not a list              | {name: h}                                               | spec.onExit: ",
    })
    void reportsTheFieldAndTheProblem(String title, String hooks, String expected) {
        List<FieldError> errors = Specs.errors("steps: [{name: a, noop: {}}]\nonExit: " + hooks);
        assertThat(errors).extracting(FieldError::toString).anySatisfy(e -> assertThat(e).startsWith(expected));
    }

    @Test
    void aHookReadsAnyStepOfTheGraphAndHooksBeforeIt() {
        var definition = Specs.parse("""
                steps: [{name: a, noop: {}}, {name: b, dependsOn: [a], noop: {}}]
                onExit:
                  - {name: first, when: Failed, failInstance: true, params: {x: "${steps.b.outputs}"}, noop: {}}
                  - {name: second, dependsOn: [first], params: {y: "${steps.first.phase} ${steps['a'].message}"}, noop: {}}
                """);
        assertThat(definition.steps().order()).containsExactly("a", "b", "first", "second");
        assertThat(definition.exitHooks().values()).containsExactly(new ExitHook("first", ExitHook.When.Failed, true),
                new ExitHook("second", ExitHook.When.Always, false));
        assertThat(definition.isExitHook("a")).isFalse();
    }

    @Test
    void aGraphStepCannotReadAHook() {
        assertThat(Specs.errors("""
                steps: [{name: a, params: {x: "${steps.h.phase}"}, noop: {}}]
                onExit: [{name: h, noop: {}}]
                """)).extracting(FieldError::toString).anySatisfy(e -> assertThat(e).startsWith(
                "spec.steps[0].params.x: reads steps.h, which is not upstream of this step"));
    }

    @Test
    void hookErrorsAreReportedWithTheGraphsOwn() {
        assertThat(Specs.errors("""
                steps: [{name: a, dependsOn: [zz], noop: {}}]
                onExit: [{name: a, when: Never, noop: {}}]
                """)).extracting(FieldError::field).contains("spec.steps[0].dependsOn[0]", "spec.onExit[0].when", "spec.onExit[0].name");
    }
}
