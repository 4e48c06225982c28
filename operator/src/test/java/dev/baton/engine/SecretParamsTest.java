package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.Definition;
import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.SecretRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Params from a Secret: the engine holds only the reference, passes it on whole (leaf step params, loop
 * bodies, subworkflows) and refuses, at compile time and naming the field, any use that would need the value.
 */
class SecretParamsTest {
    private static final String PARAMS = "params: {token: {type: string, valueFrom: {secretKeyRef: {name: api, key: token}}}, "
            + "date: {type: string, default: d}}\n";
    private static final Map<String, Object> REF = Map.of("secretKeyRef", Map.of("name", "api", "key", "token"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "in a text            | [{name: a, params: {AUTH: 'Bearer ${params.token}'}, bash: {script: x}}]                | spec.steps[0].params.AUTH: reads params.token, which comes from a Secret",
            "in an index          | [{name: a, params: {T: \"${params['token'] + ''}\"}, bash: {script: x}}]                | spec.steps[0].params.T: reads params.token",
            "nested in a list     | [{name: a, params: {T: ['${params.token}']}, bash: {script: x}}]                        | spec.steps[0].params.T[0]: reads params.token",
            "in container args    | [{name: a, container: {image: busybox, args: ['${params.token}']}}]                     | spec.steps[0].container.args[0]: reads params.token",
            "in container command | [{name: a, container: {image: busybox, command: ['sh', '-c', 'x ${params.token}']}}]   | spec.steps[0].container.command[2]: reads params.token",
            "in container env     | [{name: a, container: {image: busybox, env: {T: '${params.token}'}}}]                   | spec.steps[0].container.env.T: reads params.token",
            "in a when            | [{name: a, noop: {}}, {name: b, dependsOn: [{step: a, when: 'params.token == \"x\"'}], noop: {}}] | spec.steps[1].dependsOn[0].when: reads params.token",
            "as a noop's param    | [{name: a, params: {T: '${params.token}'}, noop: {}}]                                   | spec.steps[0].params.T: reads params.token",
            "in foreach params    | [{name: a, foreach: {params: {t: ['${params.token}']}, steps: [{name: b, noop: {}}]}}] | spec.steps[0].foreach.params.t[0]: reads params.token",
            "in a while condition | [{name: a, while: {condition: 'params.token != \"\"', steps: [{name: b, noop: {}}]}}]  | spec.steps[0].while.condition: reads params.token",
            "in a body's text     | [{name: a, foreach: {params: {i: [1]}, steps: [{name: b, params: {T: 'x${params.token}'}, bash: {script: x}}]}}] | spec.steps[0].foreach.steps[0].params.T: reads params.token",
            "in a subworkflow's   | [{name: a, subworkflow: {workflow: w, params: {t: '${params.token}!'}}}]                | spec.steps[0].subworkflow.params.t: reads params.token",
    })
    void anyUseButPassingItOnWholeIsRefusedNamingTheField(String title, String steps, String expected) {
        List<FieldError> errors = Specs.errors(PARAMS + "steps: " + steps);
        assertThat(errors).extracting(FieldError::toString).anySatisfy(e -> assertThat(e).startsWith(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a default            | {type: string, default: x, valueFrom: {secretKeyRef: {name: s, key: k}}}      | spec.params.token.default: a param from a Secret takes no default",
            "required             | {type: string, required: true, valueFrom: {secretKeyRef: {name: s, key: k}}}  | spec.params.token.required",
            "another type         | {type: long, valueFrom: {secretKeyRef: {name: s, key: k}}}                    | spec.params.token.type: a param from a Secret has type string",
            "no reference         | {type: string, valueFrom: {}}                                                 | spec.params.token.valueFrom.secretKeyRef: required",
            "no key               | {type: string, valueFrom: {secretKeyRef: {name: s}}}                           | spec.params.token.valueFrom.secretKeyRef.key: required",
            "a bad Secret name    | {type: string, valueFrom: {secretKeyRef: {name: S_1, key: k}}}                 | spec.params.token.valueFrom.secretKeyRef.name: must be a Secret name",
            "another source       | {type: string, valueFrom: {configMapKeyRef: {name: s, key: k}}}                | spec.params.token.valueFrom.configMapKeyRef: unknown field",
    })
    void aBadDeclarationIsRefusedNamingTheField(String title, String declaration, String expected) {
        List<FieldError> errors = Specs.errors("params: {token: " + declaration + "}\nsteps: [{name: a, noop: {}}]");
        assertThat(errors).extracting(FieldError::toString).anySatisfy(e -> assertThat(e).startsWith(expected));
    }

    @Test
    void aTriggerCannotSetIt() {
        List<FieldError> errors = Specs.errors(PARAMS + """
                triggers: {cron: [{name: nightly, schedule: "0 2 * * *", params: {token: x, date: "${trigger.date}"}}]}
                steps: [{name: a, noop: {}}]
                """);
        assertThat(errors).extracting(FieldError::toString).containsExactly("spec.triggers.cron[0].params.token: comes from a Secret:"
                + " the instances a trigger starts take the Workflow's reference, and no instance can set it");
    }

    @Test
    void passingItOnWholeToALeafStepALoopBodyOrASubworkflowIsAccepted() {
        assertThat(Specs.errors(PARAMS + """
                steps:
                  - {name: a, params: {TOKEN: "${params.token}", T2: "${ params['token'] }"}, bash: {script: "curl -H \\"Authorization: $TOKEN\\""}}
                  - name: each
                    foreach:
                      params: {region: [us, eu]}
                      steps: [{name: b, params: {TOKEN: "${params.token}", R: "${region}"}, python: {script: x}}]
                  - {name: sub, subworkflow: {workflow: other, params: {token: "${params.token}", date: "${params.date}"}}}
                """)).isEmpty();
    }

    @Test
    void theEngineHoldsTheReferenceAndTheLaunchAsksForAnEnvVarFromTheSecret() {
        Definition definition = Specs.parse(PARAMS + """
                steps:
                  - {name: a, params: {TOKEN: "${params.token}", DAY: "${params.date}"}, bash: {script: x}}
                  - {name: sub, dependsOn: [a], subworkflow: {workflow: other, params: {token: "${params.token}"}, inheritParams: true}}
                """);
        ParamResolver.Resolution resolved = new ParamResolver().resolve(definition.params(), Map.of());
        assertThat(resolved.errors()).isEmpty();
        assertThat(resolved.values()).containsEntry("token", REF);
        RunSimulator run = new RunSimulator(definition, resolved.values());
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        Plan.Launch a = run.launched.get(0);
        assertThat(a.secrets()).containsExactly(Map.entry("TOKEN", new SecretRef("api", "token")));
        assertThat(a.params()).containsEntry("TOKEN", REF).containsEntry("DAY", "d");
        Plan.Subworkflow sub = run.createdChildren.get(0).subworkflow();
        assertThat(sub.params()).containsExactly(Map.entry("token", REF));
        assertThat(sub.inherited()).containsEntry("token", REF);
    }

    @Test
    void anInstanceCannotGiveASecretParamOnlyAParentMayHandOnAReference() {
        Definition definition = Specs.parse(PARAMS + "steps: [{name: a, noop: {}}]");
        ParamResolver resolver = new ParamResolver();
        Map<String, Object> other = Map.of("secretKeyRef", Map.of("name", "admin", "key", "password"));
        assertThat(resolver.resolve(definition.params(), Map.of("token", "hunter2")).errors()).extracting(FieldError::toString)
                .containsExactly("spec.params.token: comes from a Secret (valueFrom.secretKeyRef in the Workflow); an instance"
                        + " cannot give it a value, which would be stored in its spec");
        assertThat(resolver.resolve(definition.params(), Map.of("token", other)).errors()).as("a user's instance names no Secret")
                .hasSize(1);
        assertThat(resolver.resolve(definition.params(), Map.of("token", "hunter2"), true).errors()).hasSize(1);
        assertThat(resolver.resolve(definition.params(), Map.of("token", other), true).values()).containsEntry("token", other);
    }

    @Test
    void aChildMustDeclareAParamFromASecretToReceiveAReference() {
        Definition plain = Specs.parse("params: {token: {type: string}}\nsteps: [{name: a, noop: {}}]");
        assertThat(new ParamResolver().resolve(plain.params(), Map.of("token", REF), true).errors()).extracting(FieldError::toString)
                .containsExactly("spec.params.token: the parent passes a Secret reference; declare the param with"
                        + " valueFrom.secretKeyRef to receive one");
    }
}
