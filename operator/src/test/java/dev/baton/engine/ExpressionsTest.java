package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpressionsTest {

    /** Shared like in production: one instance, its cache filled as tests run. */
    private static final Expressions EXPRESSIONS = new Expressions();

    /** Variables as Jackson gives them: Integer, BigInteger and BigDecimal, not Long and Double. */
    private static final Map<String, Object> VARS = Map.of(
            "params", Map.of("limit", 10, "ratio", new BigDecimal("0.5"), "big", BigInteger.valueOf(7),
                    "name", "orders", "regions", List.of("eu", "us"), "dry", false),
            "steps", Map.of("extract", Map.of("phase", "Succeeded", "outputs", Map.of("rows", 42, "files", List.of("a.csv")))),
            "instance", Map.of("name", "nightly-1"),
            "i", 2);

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            params.limit > 5                            | true
            params.limit * 2 == 20                      | true
            params.limit / 3 == 3                       | true
            params.ratio < 1                            | true
            params.big + params.limit == 17             | true
            steps['extract'].outputs.rows > 0           | true
            steps.extract.outputs.rows == 42            | true
            steps.extract.phase == 'Succeeded'          | true
            'eu' in params.regions                      | true
            params.regions.all(r, r.size() == 2)        | true
            params.regions.exists_one(r, r == 'us')     | true
            has(steps.extract.outputs.rows)             | true
            has(steps.extract.outputs.missing)          | false
            !params.dry && i == 2                       | true
            params.name.startsWith('ord')               | true
            params.name.upperAscii() == 'ORDERS'        | true
            """)
    void conditions(String expression, boolean expected) {
        assertThat(EXPRESSIONS.condition(expression, VARS)).isEqualTo(expected);
    }

    @Test
    void valuesComeBackAsPlainJavaTypes() {
        assertThat(EXPRESSIONS.evaluate("params.limit + 1", VARS)).isEqualTo(11L);
        assertThat(EXPRESSIONS.evaluate("params.ratio * 3.0", VARS)).isEqualTo(1.5);
        assertThat(EXPRESSIONS.evaluate("params.regions.map(r, r + '-1')", VARS)).isEqualTo(List.of("eu-1", "us-1"));
        assertThat(EXPRESSIONS.evaluate("{'a': [1, null]}", VARS)).isEqualTo(Map.of("a", Arrays.asList(1L, null)));
        assertThat(EXPRESSIONS.evaluate("null", VARS)).isNull();
        assertThat(EXPRESSIONS.evaluate("3u", VARS)).isEqualTo(3L);
        assertThat(EXPRESSIONS.evaluate("b'hi'", VARS)).isEqualTo("hi");
        assertThat(EXPRESSIONS.evaluate("timestamp('2024-01-02T03:04:05Z')", VARS)).isEqualTo("2024-01-02T03:04:05Z");
        assertThat(EXPRESSIONS.evaluate("duration('90s')", VARS)).isEqualTo("PT1M30S");
    }

    @Test
    void nullInputsAreCelNull() {
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("note", null);
        assertThat(EXPRESSIONS.condition("params.note == null", Map.of("params", params))).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\" gives \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            rows=${steps.extract.outputs.rows}          | rows=42
            ${params.name}-${i}                         | orders-2
            ${params.ratio} of ${instance.name}         | 0.5 of nightly-1
            list ${params.regions}                      | list ["eu","us"]
            map ${ {'k': 1} }                           | map {"k":1}
            flag=${params.dry}                          | flag=false
            literal $${params.name}                     | literal ${params.name}
            ${'a}b'} and ${"c{d"}                       | a}b and c{d
            ${'it\\'s}'}!                               | it's}!
            ${'''x}y'''}.                               | x}y.
            no expressions                              | no expressions
            """)
    void interpolatesText(String template, String expected) {
        assertThat(EXPRESSIONS.interpolate(template, VARS)).isEqualTo(expected);
    }

    @Test
    void aWholeTemplateKeepsItsType() {
        assertThat(EXPRESSIONS.interpolate("${params.regions}", VARS)).isEqualTo(List.of("eu", "us"));
        assertThat(EXPRESSIONS.interpolate("${1 + 2}", VARS)).isEqualTo(3L);
        assertThat(EXPRESSIONS.interpolate("${params.dry}", VARS)).isEqualTo(false);
        assertThat(EXPRESSIONS.interpolate("${ {'a': 1}.a }", VARS)).isEqualTo(1L);
        assertThat(EXPRESSIONS.interpolate(" ${1 + 2}", VARS)).isEqualTo(" 3");
    }

    @Test
    void anUnterminatedTemplateIsAnError() {
        assertThatThrownBy(() -> EXPRESSIONS.interpolate("a ${params.name", VARS))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("never closed");
        assertThat(EXPRESSIONS.checkTemplate("${params.x} and ${'}", Set.of("params")))
                .singleElement().asString().contains("position 16").contains("never closed");
    }

    @Test
    void checkTemplateReportsEveryBadExpression() {
        assertThat(EXPRESSIONS.checkTemplate("${params.a} ${nope} ${1 +} ${}", Set.of("params")))
                .satisfiesExactly(
                        e -> assertThat(e).contains("undeclared reference to 'nope'"),
                        e -> assertThat(e).contains("\"1 +\"").contains("mismatched input"),
                        e -> assertThat(e).isEqualTo("empty expression"));
        assertThat(EXPRESSIONS.checkTemplate("plain $${x} ${params.a}", Set.of("params"))).isEmpty();
    }

    @Test
    void checkReportsSyntaxErrorsWithCelsMessage() {
        assertThatThrownBy(() -> EXPRESSIONS.check("params.limit >", Set.of("params")))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("invalid expression \"params.limit >\": mismatched input '<EOF>'")
                .hasMessageContaining("(at column 15)");
    }

    @Test
    void checkReportsUnknownVariables() {
        assertThatThrownBy(() -> EXPRESSIONS.check("stepz.a.outputs.rows > 0", Set.of("params", "steps")))
                .isInstanceOf(ExpressionException.class)
                .hasMessage("invalid expression \"stepz.a.outputs.rows > 0\": undeclared reference to 'stepz' (at column 1)");
        EXPRESSIONS.check("steps.a.outputs.rows > 0 && params.x == 'y'", Set.of("params", "steps"));
    }

    @ParameterizedTest(name = "{0} fails with {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            params.limit / 0                              | / by zero
            params.nope > 1                               | no such key 'nope'
            steps['load'].outputs.rows                    | no such key 'load'
            params.regions[5]                             | Index out of bounds: 5
            int('x')                                      | For input string
            9223372036854775807 + params.limit            | long overflow
            """)
    void evaluationErrorsNameTheExpression(String expression, String reason) {
        assertThatThrownBy(() -> EXPRESSIONS.evaluate(expression, VARS))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("cannot evaluate \"" + expression + "\": ")
                .hasMessageContaining(reason);
    }

    @Test
    void aRunawayComprehensionHitsTheIterationLimit() {
        String nested = "[1,2,3,4,5,6,7,8,9,10].map(a, [1,2,3,4,5,6,7,8,9,10].map(b,"
                + " [1,2,3,4,5,6,7,8,9,10].map(c, [1,2,3,4,5,6,7,8,9,10].map(d, [1,2,3,4,5,6,7,8,9,10].map(e, e)))))";
        assertThatThrownBy(() -> EXPRESSIONS.evaluate(nested, VARS))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("more than 10000 loop iterations");
    }

    @Test
    void anOverlongExpressionIsRefused() {
        String longExpression = "1" + " + 1".repeat(Expressions.MAX_LENGTH / 4);
        assertThatThrownBy(() -> EXPRESSIONS.check(longExpression, Set.of()))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("the limit is 4096");
    }

    @ParameterizedTest(name = "{0} is a {1}, not a boolean")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            params.limit          | int
            params.name           | string
            params.regions        | list
            null                  | null
            """)
    void aConditionMustBeBoolean(String expression, String type) {
        assertThatThrownBy(() -> EXPRESSIONS.condition(expression, VARS))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("must be a boolean, got " + type);
    }

    @Test
    void theSameTextWithOtherVariablesIsCompiledAgain() {
        assertThat(EXPRESSIONS.evaluate("i + 1", Map.of("i", 1))).isEqualTo(2L);
        assertThatThrownBy(() -> EXPRESSIONS.evaluate("i + 1", Map.of("j", 1)))
                .hasMessageContaining("undeclared reference to 'i'");
        assertThat(EXPRESSIONS.evaluate("i + 1", Map.of("i", 5))).isEqualTo(6L);
    }

    @Test
    void stringsGrownByConcatenationRunOutOfBudget() {
        Map<String, Object> vars = Map.of("s", "x".repeat(10_000));
        String expression = "size(" + "s + ".repeat(100) + "s) > 0";
        assertThatThrownBy(() -> EXPRESSIONS.evaluate(expression, vars))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("costs more than " + Expressions.MAX_COST + " units");
    }

    @Test
    void aListOfBigValuesBuiltInALoopRunsOutOfBudget() {
        Map<String, Object> vars = Map.of("s", "x".repeat(100_000),
                "items", java.util.stream.LongStream.range(0, 1_000).boxed().toList());
        assertThatThrownBy(() -> EXPRESSIONS.evaluate("size(items.map(i, s + s)) > 0", vars))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("costs more than");
    }

    @Test
    void ordinaryLoopsOverThousandsOfItemsStayWithinBudget() {
        Map<String, Object> vars = Map.of("items", java.util.stream.LongStream.range(0, 5_000).boxed().toList());
        assertThat(EXPRESSIONS.evaluate("items.filter(i, i % 2 == 0).map(i, string(i) + '-x').size()", vars))
                .isEqualTo(2_500L);
    }

    @Test
    void replaceWithAnEmptyPatternCannotMultiplyItsInput() {
        Map<String, Object> vars = Map.of("s", "x".repeat(10_000));
        assertThatThrownBy(() -> EXPRESSIONS.evaluate("s.replace('', s)", vars))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("replace would make a string of 100020000 characters; the limit is "
                        + Expressions.MAX_VALUE_LENGTH);
    }

    @ParameterizedTest(name = "{0} gives {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            'abc'.replace('', '_')           | _a_b_c_
            'abc'.replace('', '_', 2)        | _a_bc
            'aaa'.replace('a', 'bb', 2)      | bbbba
            'abcabc'.replace('bc', '')       | aa
            'abc'.replace('z', 'y')          | abc
            'abc'.replace('a', 'y', 0)       | abc
            'abc'.replace('c', 'y', -1)      | aby
            """)
    void replaceKeepsTheStringsExtensionsMeaning(String expression, String expected) {
        assertThat(EXPRESSIONS.evaluate(expression, Map.of())).isEqualTo(expected);
    }

    @Test
    void aTemplateCannotMakeTextPastTheValueLimit() {
        Map<String, Object> vars = Map.of("s", "x".repeat(Expressions.MAX_VALUE_LENGTH / 2 + 1));
        assertThatThrownBy(() -> EXPRESSIONS.interpolate("a ${s} b ${s}", vars))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("longer than " + Expressions.MAX_VALUE_LENGTH + " characters");
        assertThatThrownBy(() -> EXPRESSIONS.interpolate("${s + s}", vars))
                .hasMessageContaining("longer than " + Expressions.MAX_VALUE_LENGTH + " characters");
    }
}
