package dev.baton.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.api.WorkflowSpec;

/** Workflow specs for tests, written in YAML as users write them. */
final class Specs {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Specs() {
    }

    static WorkflowSpec parse(String yaml) {
        try {
            return YAML.readValue(yaml, WorkflowSpec.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
