package dev.baton.engine;

import static dev.baton.engine.model.ParamType.BOOLEAN;
import static dev.baton.engine.model.ParamType.BOOLEAN_ARRAY;
import static dev.baton.engine.model.ParamType.DOUBLE;
import static dev.baton.engine.model.ParamType.DOUBLE_ARRAY;
import static dev.baton.engine.model.ParamType.LONG;
import static dev.baton.engine.model.ParamType.LONG_ARRAY;
import static dev.baton.engine.model.ParamType.MAP;
import static dev.baton.engine.model.ParamType.STRING;
import static dev.baton.engine.model.ParamType.STRING_ARRAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.ParamDecl;
import dev.baton.engine.model.ParamType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParamResolverTest {

    private final ParamResolver resolver = new ParamResolver();

    static Stream<Arguments> accepted() {
        return Stream.of(
                arguments(STRING, "eu", "eu"),
                arguments(LONG, 10, 10L),
                arguments(LONG, 10L, 10L),
                arguments(LONG, BigInteger.valueOf(12), 12L),
                arguments(LONG, 10.0, 10L),
                arguments(LONG, new BigDecimal("3.00"), 3L),
                arguments(LONG, -0.0, 0L),
                arguments(DOUBLE, 1, 1.0),
                arguments(DOUBLE, 1.5, 1.5),
                arguments(DOUBLE, new BigDecimal("2.25"), 2.25),
                arguments(BOOLEAN, true, true),
                arguments(STRING_ARRAY, List.of("eu", "us"), List.of("eu", "us")),
                arguments(STRING_ARRAY, List.of(), List.of()),
                arguments(LONG_ARRAY, List.of(1, 2.0, BigInteger.TEN), List.of(1L, 2L, 10L)),
                arguments(DOUBLE_ARRAY, List.of(1, 2.5), List.of(1.0, 2.5)),
                arguments(BOOLEAN_ARRAY, List.of(true, false), List.of(true, false)),
                arguments(MAP, Map.of("a", 1, "b", List.of(2, "x")), Map.of("a", 1L, "b", List.of(2L, "x"))));
    }

    @ParameterizedTest(name = "{0}: {1} becomes {2}")
    @MethodSource("accepted")
    void acceptsAndNormalisesEachType(ParamType type, Object given, Object expected) {
        ParamResolver.Resolution r = resolver.resolve(Map.of("p", param(type, null, null)), Map.of("p", given));

        assertThat(r.errors()).isEmpty();
        assertThat(r.values()).containsExactly(Map.entry("p", expected));
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments(STRING, 5, List.of("spec.params.p: expected string, got number")),
                arguments(STRING, true, List.of("spec.params.p: expected string, got boolean")),
                arguments(STRING, List.of("a"), List.of("spec.params.p: expected string, got array")),
                arguments(LONG, "10", List.of("spec.params.p: expected long, got string")),
                arguments(LONG, 10.5, List.of("spec.params.p: expected long, got 10.5, which is not a whole number")),
                arguments(LONG, 1e20, List.of("spec.params.p: expected long, got 1.0E20, which is out of range")),
                // Found by WorkflowCompilerPropertiesTest: a decimal this large threw from toBigInteger.
                arguments(LONG, new BigDecimal("1E+999999999"), List.of("spec.params.p: expected long, got 1E+999999999, which is out of range")),
                arguments(LONG, new BigDecimal("-9.3E+18"), List.of("spec.params.p: expected long, got -9.3E+18, which is out of range")),
                arguments(DOUBLE, "1.5", List.of("spec.params.p: expected double, got string")),
                arguments(BOOLEAN, "true", List.of("spec.params.p: expected boolean, got string")),
                arguments(STRING_ARRAY, "eu", List.of("spec.params.p: expected stringArray, got string")),
                arguments(STRING_ARRAY, List.of("eu", 1), List.of("spec.params.p[1]: expected string, got number")),
                arguments(LONG_ARRAY, List.of(1, "2", 3.5), List.of("spec.params.p[1]: expected long, got string",
                        "spec.params.p[2]: expected long, got 3.5, which is not a whole number")),
                arguments(DOUBLE_ARRAY, List.of(true), List.of("spec.params.p[0]: expected double, got boolean")),
                arguments(BOOLEAN_ARRAY, Arrays.asList(true, null), List.of("spec.params.p[1]: expected boolean, got null")),
                arguments(MAP, List.of(1), List.of("spec.params.p: expected map, got array")),
                arguments(MAP, "x", List.of("spec.params.p: expected map, got string")),
                arguments(MAP, Map.of(1, "x"), List.of("spec.params.p: expected map with string keys, got key 1")));
    }

    @ParameterizedTest(name = "{0}: {1} is refused")
    @MethodSource("rejected")
    void rejectsWrongTypesNamingTheField(ParamType type, Object given, List<String> errors) {
        ParamResolver.Resolution r = resolver.resolve(Map.of("p", param(type, null, null)), Map.of("p", given));

        assertThat(r.errors()).map(FieldError::toString).containsExactlyElementsOf(errors);
        assertThat(r.values()).doesNotContainKey("p");
    }

    @Test
    void defaultsFillWhatIsNotGiven() {
        Map<String, ParamDecl> declared = new LinkedHashMap<>();
        declared.put("limit", param(LONG, 100, null));
        declared.put("region", param(STRING, "eu", null));
        declared.put("tags", param(STRING_ARRAY, null, null));
        Map<String, Object> given = new HashMap<>();
        given.put("region", "us");
        given.put("limit", null);

        ParamResolver.Resolution r = resolver.resolve(declared, given);

        assertThat(r.errors()).isEmpty();
        assertThat(r.values()).containsExactly(Map.entry("limit", 100L), Map.entry("region", "us"));
    }

    @Test
    void aRequiredParamNeedsAValue() {
        ParamResolver.Resolution r = resolver.resolve(Map.of("date", param(STRING, null, true)), Map.of());

        assertThat(r.errors()).map(FieldError::toString).containsExactly("spec.params.date: required parameter has no value");
    }

    @Test
    void undeclaredParamsAreErrorsListingTheDeclaredOnes() {
        Map<String, ParamDecl> declared = new LinkedHashMap<>();
        declared.put("a", param(STRING, "x", null));
        declared.put("b", param(LONG, 1, null));

        assertThat(resolver.resolve(declared, Map.of("c", 1)).errors()).map(FieldError::toString)
                .containsExactly("spec.params.c: not declared by the workflow (declared: a, b)");
        assertThat(resolver.resolve(null, Map.of("c", 1)).errors()).map(FieldError::toString)
                .containsExactly("spec.params.c: not declared by the workflow (declared: none)");
    }

    @Test
    void everyErrorIsReportedAtOnce() {
        Map<String, ParamDecl> declared = new LinkedHashMap<>();
        declared.put("date", param(STRING, null, true));
        declared.put("limit", param(LONG, null, null));

        ParamResolver.Resolution r = resolver.resolve(declared, Map.of("limit", "ten", "extra", true));

        assertThat(r.errors()).map(FieldError::toString).containsExactly(
                "spec.params.date: required parameter has no value",
                "spec.params.limit: expected long, got string",
                "spec.params.extra: not declared by the workflow (declared: date, limit)");
    }

    @Test
    void aBadDefaultIsReportedOnTheDefault() {
        ParamResolver.Resolution r = resolver.resolve(Map.of("limit", param(LONG, "ten", null)), Map.of());

        assertThat(r.errors()).map(FieldError::toString).containsExactly("spec.params.limit.default: expected long, got string");
    }

    static Stream<Arguments> declarations() {
        return Stream.of(
                arguments("limit", param(LONG, 10, null), List.of()),
                arguments("_x9", param(STRING_ARRAY, List.of("a"), null), List.of()),
                arguments("limit", param(LONG, "ten", null), List.of("spec.params.limit.default: expected long, got string")),
                arguments("limit", param(LONG_ARRAY, List.of(new BigDecimal("1E+999999999")), null),
                        List.of("spec.params.limit.default[0]: expected long, got 1E+999999999, which is out of range")),
                arguments("regions", param(STRING_ARRAY, List.of("eu", 2), null),
                        List.of("spec.params.regions.default[1]: expected string, got number")),
                arguments("my-param", param(STRING, null, null), List.of("spec.params.my-param: \"my-param\" is not a valid"
                        + " parameter name: use letters, digits and '_', not starting with a digit, so expressions can read it"
                        + " as params.my-param")),
                arguments("1st", param(STRING, null, null), List.of("spec.params.1st: \"1st\" is not a valid parameter name:"
                        + " use letters, digits and '_', not starting with a digit, so expressions can read it as params.1st")),
                arguments("in", param(STRING, null, null),
                        List.of("spec.params.in: \"in\" is a reserved word in expressions; choose another name")),
                arguments("date", param(null, null, null), List.of("spec.params.date.type: a type is required")),
                arguments("date", param(STRING, "x", true),
                        List.of("spec.params.date.default: a required parameter cannot have a default")));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("declarations")
    void checksDeclarations(String name, ParamDecl spec, List<String> errors) {
        assertThat(resolver.checkDeclarations(Map.of(name, spec))).map(FieldError::toString).containsExactlyElementsOf(errors);
    }

    private static ParamDecl param(ParamType type, Object defaultValue, Boolean required) {
        return new ParamDecl(type, defaultValue, Boolean.TRUE.equals(required), null);
    }
}
