package dev.baton.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Resource requirements the API server would refuse are field errors of the workflow. */
class StepPodChecksTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty quantity   | memory | ''    | f.limits.memory: \"\" is not a resource quantity",
            "not a quantity   | memory | lots  | f.limits.memory: \"lots\" is not a resource quantity",
            "valid            | cpu    | 500m  | ",
    })
    void quantitiesMustParse(String title, String resource, String value, String expected) {
        var errors = new StepPodChecks().resources(Map.of("limits", Map.of(resource, value)), "f");
        if (expected == null) {
            assertThat(errors).isEmpty();
        } else {
            assertThat(errors).extracting(FieldError::toString).anySatisfy(e -> assertThat(e).startsWith(expected));
        }
    }

    /** Found by WorkflowCompilerPropertiesTest: a null container threw a NullPointerException out of the compiler. */
    @Test
    void aNullContainerIsAFieldError() {
        List<Object> containers = new ArrayList<>();
        containers.add(Map.of("name", "main"));
        containers.add(null);
        assertThat(new StepPodChecks().podSpec(Map.of("containers", containers), "f")).extracting(FieldError::toString)
                .containsExactly("f.containers[1]: must be an object");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"limitz", "requestz"})
    void unknownFieldsAreNamed(String field) {
        assertThat(new StepPodChecks().resources(Map.of(field, Map.of()), "f")).extracting(FieldError::toString)
                .anySatisfy(e -> assertThat(e).startsWith("f." + field + ": unknown field"));
    }
}
