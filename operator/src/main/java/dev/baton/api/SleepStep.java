package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** A step that waits inside the operator. */
public class SleepStep {
    @Required
    @JsonPropertyDescription("How long to wait, as a Go duration such as 30s.")
    @io.fabric8.generator.annotation.Size(max = 32)
    @ValidationRule(value = "self.matches('^([0-9]+(\\\\.[0-9]+)?(ns|us|ms|s|m|h))+$')", message = "must be a Go duration such as 90s, 30m or 2h")
    public String duration;
}
