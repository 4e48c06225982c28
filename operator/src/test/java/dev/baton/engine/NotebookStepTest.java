package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.StepAction;
import dev.baton.engine.model.StepKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Notebook steps: what the compiler refuses, naming the field, and what their attempts are launched with. */
class NotebookStepTest {
    private static final String NOTEBOOK = "{\\\"nbformat\\\": 4, \\\"nbformat_minor\\\": 5, \\\"metadata\\\": {}, \\\"cells\\\": []}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON           | {source: {inline: '{\"cells\": [}'}}                       | spec.steps[0].notebook.source.inline: is not valid JSON: ",
            "not a notebook     | {source: {inline: '{\"cells\": []}'}}                      | spec.steps[0].notebook.source.inline: is not a Jupyter notebook papermill can run",
            "no source          | {params: {a: 1}}                                           | spec.steps[0].notebook.source: a notebook source is required",
            "two sources        | {source: {path: /n.ipynb, configMapRef: {name: c, key: k}}} | spec.steps[0].notebook.source: sets exactly one of inline, configMapRef or path",
            "relative path      | {source: {path: n.ipynb}}                                  | spec.steps[0].notebook.source.path: must be an absolute path",
            "bad ConfigMap name | {source: {configMapRef: {name: Nope_, key: k}}}            | spec.steps[0].notebook.source.configMapRef.name: must name a ConfigMap",
            "no key             | {source: {configMapRef: {name: c}}}                        | spec.steps[0].notebook.source.configMapRef.key: must be a key",
            "param not a name   | {source: {path: /n.ipynb}, params: {my-rate: 1}}           | spec.steps[0].notebook.params.my-rate: \"my-rate\" is not a Python identifier",
            "param a keyword    | {source: {path: /n.ipynb}, params: {lambda: 1}}            | spec.steps[0].notebook.params.lambda: \"lambda\" is not a Python identifier",
            "bad kernel         | {source: {path: /n.ipynb}, kernel: 'py 3'}                 | spec.steps[0].notebook.kernel: \"py 3\" is not a kernel name",
            "relative output    | {source: {path: /n.ipynb}, output: out.ipynb}              | spec.steps[0].notebook.output: must be an absolute path or a URL",
            "unknown field      | {source: {path: /n.ipynb}, inputs: {}}                     | spec.steps[0].notebook.inputs: unknown field",
            "bad expression     | {source: {path: /n.ipynb}, params: {a: '${1 +'}}           | spec.steps[0].notebook.params.a",
            "undeclared param   | {source: {path: /n.ipynb}, output: '/o/${params.nope}.ipynb'} | spec.steps[0].notebook.output: reads params.nope, which the workflow does not declare",
    })
    void refusesBadNotebooksNamingTheField(String title, String notebook, String expected) {
        List<FieldError> errors = Specs.errors("steps: [{name: nb, notebook: " + notebook + "}]");
        assertThat(errors).extracting(FieldError::toString).anySatisfy(e -> assertThat(e).startsWith(expected));
    }

    @Test
    void anInlineNotebookThatIsNotJsonSaysWhere() {
        List<FieldError> errors = Specs.errors("""
                steps:
                  - name: nb
                    notebook:
                      source:
                        inline: |
                          {"nbformat": 4,
                           "cells": [oops]}
                """);
        assertThat(errors).singleElement().extracting(FieldError::toString).asString()
                .startsWith("spec.steps[0].notebook.source.inline: is not valid JSON: ").contains("line 2");
    }

    @Test
    void compilesEachSource() {
        var spec = Specs.parse("""
                steps:
                  - {name: a, notebook: {source: {inline: "%s"}, kernel: python3}}
                  - {name: b, notebook: {source: {configMapRef: {name: notebooks, key: train.ipynb}}, output: "s3://bucket/out.ipynb"}}
                  - {name: c, image: "registry.example/nb:1", notebook: {source: {path: /opt/n.ipynb}}}
                """.formatted(NOTEBOOK));
        StepAction.Notebook a = spec.step("a").leaf().notebook();
        assertThat(spec.step("a").kind()).isEqualTo(StepKind.notebook);
        assertThat(a.inline()).contains("nbformat");
        assertThat(a.kernel()).isEqualTo("python3");
        assertThat(a.output()).isEqualTo(StepAction.Notebook.DEFAULT_OUTPUT);
        assertThat(spec.step("b").leaf().notebook().configMap()).isEqualTo(new StepAction.ConfigMapKey("notebooks", "train.ipynb"));
        assertThat(spec.step("b").leaf().notebook().output()).isEqualTo("s3://bucket/out.ipynb");
        assertThat(spec.step("c").leaf().notebook().path()).isEqualTo("/opt/n.ipynb");
        assertThat(spec.step("c").leaf().image()).isEqualTo("registry.example/nb:1");
        assertThat(spec.step("a").leaf().image()).as("the operator's notebook image, not the workflow's default").isNull();
    }

    @Test
    void paramsReachTheRunnerWithTheirTypesAndTheOutputIsATemplate() {
        RunSimulator run = new RunSimulator("""
                params: {rate: {type: double, default: 0.5}}
                defaults: {image: "python:3.12-slim"}
                steps:
                  - {name: count, bash: {script: x}}
                  - name: nb
                    dependsOn: [count]
                    notebook:
                      source: {path: /opt/n.ipynb}
                      params: {rows: "${steps.count.outputs.rows}", rate: "${params.rate}", label: "rows: ${steps.count.outputs.rows}",
                               regions: [us, eu], flag: true}
                      output: "/data/${instance.name}/nb.ipynb"
                      env: {MODE: fast}
                """, Map.of("rate", 0.5));
        run.outcome = l -> run.ended(l, AttemptOutcome.Succeeded, 0, l.step().equals("count") ? Map.of("rows", 42) : Map.of());
        run.runToEnd();
        Plan.Launch nb = run.launched.stream().filter(l -> l.step().equals("nb")).findFirst().orElseThrow(() -> new AssertionError(run.step("nb")));
        assertThat(Json.readObject(nb.env().get(StepAction.Notebook.PARAMS_ENV))).isEqualTo(Map.of(
                "rows", 42, "rate", 0.5, "label", "rows: 42", "regions", List.of("us", "eu"), "flag", true));
        assertThat(nb.env()).containsEntry(StepAction.Notebook.OUTPUT_ENV, "/data/run-1/nb.ipynb").containsEntry("MODE", "fast");
    }
}
