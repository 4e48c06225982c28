package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.engine.model.ParamType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParamArgsTest {
    static List<Arguments> typedValues() {
        return List.of(
                Arguments.of("20261124", ParamType.STRING, "20261124"),
                Arguments.of("true", ParamType.STRING, "true"),
                Arguments.of("a=b", ParamType.STRING, "a=b"),
                Arguments.of("10", ParamType.LONG, 10),
                Arguments.of("2.5", ParamType.DOUBLE, 2.5),
                Arguments.of("true", ParamType.BOOLEAN, true),
                Arguments.of("[us, eu]", ParamType.STRING_ARRAY, List.of("us", "eu")),
                Arguments.of("us,eu", ParamType.STRING_ARRAY, List.of("us", "eu")),
                Arguments.of("1,2", ParamType.LONG_ARRAY, List.of(1, 2)),
                Arguments.of("{a: 1}", ParamType.MAP, Map.of("a", 1)),
                Arguments.of("7", null, 7),
                Arguments.of("seven", null, "seven"));
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @MethodSource("typedValues")
    void aValueIsTypedAsTheWorkflowDeclaresIt(String text, ParamType type, Object expected) {
        assertThat(new ParamArgs().value("p", text, type)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"novalue", "=x", ""})
    void aPairWithoutNameOrEqualsIsAUsageError(String arg) {
        assertThatThrownBy(() -> ParamArgs.pairs(List.of(arg)))
                .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessageContaining("expected name=value");
    }

    @org.junit.jupiter.api.Test
    void theFirstEqualsSplitsAndDashPWinsOverTheFile() {
        Map<String, String> pairs = ParamArgs.pairs(List.of("q=a=b", "limit=3"));
        assertThat(pairs).containsEntry("q", "a=b");
        Map<String, Object> typed = new ParamArgs().typed(Map.of("limit", 1, "q", "x"), pairs,
                Map.of("q", ParamType.STRING, "limit", ParamType.LONG));
        assertThat(typed).containsEntry("limit", 3).containsEntry("q", "a=b");
    }

    @org.junit.jupiter.api.Test
    void aParamTheWorkflowDoesNotDeclareIsRefusedNamingThoseItDoes() {
        assertThatThrownBy(() -> new ParamArgs().typed(Map.of(), Map.of("dat", "x"), Map.of("date", ParamType.STRING)))
                .isInstanceOf(UserError.class).hasMessageContaining("declares no param \"dat\"").hasMessageContaining("date");
    }

    @org.junit.jupiter.api.Test
    void aBadYamlValueIsAUsageError() {
        assertThatThrownBy(() -> new ParamArgs().value("m", "{a: [", ParamType.MAP))
                .isInstanceOfSatisfying(UserError.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE));
    }
}
