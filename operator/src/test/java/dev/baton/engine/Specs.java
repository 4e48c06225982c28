package dev.baton.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.engine.model.Definition;
import dev.baton.engine.model.FieldError;
import java.util.List;
import java.util.Map;

/** Workflow specs for tests, written in YAML as users write them, compiled as the operator compiles them. */
public final class Specs {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final WorkflowCompiler COMPILER = new WorkflowCompiler(new Expressions(), PodChecks.NONE);

    private Specs() {
    }

    /** The YAML as the JSON tree the compiler reads. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> tree(String yaml) {
        try {
            return YAML.readValue(yaml, Map.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The compiled definition of a valid spec; fails the test with every error otherwise. */
    public static Definition parse(String yaml) {
        WorkflowCompiler.Compilation c = COMPILER.compile(tree(yaml));
        if (!c.valid()) {
            throw new IllegalArgumentException("invalid spec: " + c.errors());
        }
        return c.definition();
    }

    /** Every error of a spec, empty when it compiles. */
    public static List<FieldError> errors(String yaml) {
        return COMPILER.compile(tree(yaml)).errors();
    }
}
