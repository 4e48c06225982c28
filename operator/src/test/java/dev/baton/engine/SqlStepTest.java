package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.SecretRef;
import dev.baton.engine.model.SqlEngine;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepAction;
import dev.baton.engine.model.StepKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A sql step: what it compiles to, every mistake named by its field, and its params kept as data. */
class SqlStepTest {
    private static final String CONN = "connection: {secretRef: {name: pg}}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown engine       | {engine: oracle, " + CONN + ", query: 'select 1'}                       | spec.steps[0].sql.engine: unknown engine \"oracle\": one of postgresql",
            "no engine            | {" + CONN + ", query: 'select 1'}                                        | spec.steps[0].sql.engine: required: one of postgresql",
            "neither              | {engine: postgresql, " + CONN + "}                                        | spec.steps[0].sql: set query (one statement, params bound) or script",
            "both                 | {engine: postgresql, " + CONN + ", query: 'select 1', script: 'select 2'} | spec.steps[0].sql: set query or script, not both",
            "no connection        | {engine: postgresql, query: 'select 1'}                                   | spec.steps[0].sql.connection: required",
            "no secretRef         | {engine: postgresql, connection: {}, query: 'select 1'}                   | spec.steps[0].sql.connection.secretRef: required",
            "bad secret name      | {engine: postgresql, connection: {secretRef: {name: PG_1}}, query: x}     | spec.steps[0].sql.connection.secretRef.name: must be a Secret name",
            "bad secret key       | {engine: postgresql, connection: {secretRef: {name: pg, key: 'a b'}}, query: x} | spec.steps[0].sql.connection.secretRef.key: must be a key",
            "params with script   | {engine: postgresql, " + CONN + ", script: 'select 1', params: {a: 1}}    | spec.steps[0].sql.params: a script takes no params",
            "unnamed placeholder  | {engine: postgresql, " + CONN + ", query: 'select %s', params: {a: 1}}    | spec.steps[0].sql.query: %s is a positional placeholder",
            "placeholder no param | {engine: postgresql, " + CONN + ", query: 'select %(b)s', params: {a: 1}} | spec.steps[0].sql.query: %(b)s names no param (params: a)",
            "bad param name       | {engine: postgresql, " + CONN + ", query: 'select 1', params: {a-b: 1}}   | spec.steps[0].sql.params.a-b: \"a-b\" is not a bind param name",
            "too many rows        | {engine: postgresql, " + CONN + ", query: 'select 1', outputs: {maxRows: 5000}} | spec.steps[0].sql.outputs.maxRows",
            "too many bytes       | {engine: postgresql, " + CONN + ", query: 'select 1', outputs: {maxBytes: 4096}} | spec.steps[0].sql.outputs.maxBytes",
            "unknown field        | {engine: postgresql, " + CONN + ", query: 'select 1', sql: x}             | spec.steps[0].sql.sql: unknown field",
            "bad template         | {engine: postgresql, " + CONN + ", query: 'select %(a)s', params: {a: '${nope.x}'}} | spec.steps[0].sql.params.a",
    })
    void namesTheFieldAndTheProblem(String title, String sql, String expected) {
        List<FieldError> errors = Specs.errors("steps: [{name: q, sql: " + sql + "}]");
        assertThat(errors).extracting(FieldError::toString).anySatisfy(e -> assertThat(e).startsWith(expected));
    }

    @Test
    void aSecretParamCannotBeBoundItsValueIsNeverBaton() {
        List<FieldError> errors = Specs.errors("""
                params: {pw: {type: string, valueFrom: {secretKeyRef: {name: s, key: k}}}}
                steps: [{name: q, sql: {engine: postgresql, connection: {secretRef: {name: pg}}, query: "select %(p)s", params: {p: "${params.pw}"}}}]
                """);
        assertThat(errors).extracting(FieldError::field).contains("spec.steps[0].sql.params.p");
    }

    @Test
    void compilesToALeafWithItsSqlDefaultsApplied() {
        Step step = Specs.parse("""
                defaults: {image: "python:3.12-slim"}
                steps: [{name: q, sql: {engine: postgresql, connection: {secretRef: {name: pg}}, query: "select %(a)s, '%%'", params: {a: 1}}}]
                """).steps().steps().get(0);
        assertThat(step.kind()).isEqualTo(StepKind.sql);
        assertThat(step.kind().createsPod()).isTrue();
        StepAction.Leaf leaf = step.leaf();
        assertThat(leaf.image()).as("a workflow's default image is not the runner's").isNull();
        assertThat(leaf.sql()).isEqualTo(new StepAction.Sql(SqlEngine.postgresql, new SecretRef("pg", SqlStepReader.DEFAULT_KEY),
                "select %(a)s, '%%'", null, Map.of("a", 1), SqlStepReader.DEFAULT_MAX_ROWS, SqlStepReader.DEFAULT_MAX_BYTES));
    }

    @Test
    void aStepsOwnImageAndBoundsAreKept() {
        StepAction.Leaf leaf = Specs.parse("""
                steps: [{name: q, image: "registry.example/sql:2", sql: {engine: postgresql, connection: {secretRef: {name: pg, key: dsn}},
                         script: "create table t (a int); insert into t values (1)", outputs: {maxRows: 3, maxBytes: 512}}}]
                """).steps().steps().get(0).leaf();
        assertThat(leaf.image()).isEqualTo("registry.example/sql:2");
        assertThat(leaf.sql().secret()).isEqualTo(new SecretRef("pg", "dsn"));
        assertThat(leaf.sql().script()).startsWith("create table");
        assertThat(leaf.sql().maxRows()).isEqualTo(3);
        assertThat(leaf.sql().maxBytes()).isEqualTo(512);
    }

    /** Params are evaluated like any template and handed over as JSON values: the runner binds them, never splices them. */
    @Test
    void paramsAreEvaluatedIntoOneJsonEnvVarTextIntact() throws Exception {
        Step step = Specs.parse("""
                params: {name: {type: string}, n: {type: long}}
                steps: [{name: q, sql: {engine: postgresql, connection: {secretRef: {name: pg}},
                         query: "insert into t values (%(name)s, %(n)s, %(tags)s)", params: {name: "${params.name}", n: "${params.n + 1}", tags: [a, b]}}}]
                """).steps().steps().get(0);
        String injection = "'; DROP TABLE t; --";
        StepInputs inputs = StepInputs.evaluate(step, Map.of("params", Map.of("name", injection, "n", 41L)), new Expressions());
        String json = inputs.env().get(StepAction.Sql.PARAMS_ENV);
        assertThat(Json.readObject(json)).containsEntry("name", injection).containsEntry("n", 42).containsEntry("tags", List.of("a", "b"));
        assertThat(inputs.env()).containsOnlyKeys(StepAction.Sql.PARAMS_ENV);
    }
}
