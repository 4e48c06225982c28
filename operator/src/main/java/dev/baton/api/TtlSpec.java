package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** How long ended top-level instances are kept: a Go duration, or Never. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TtlSpec {
    static final String DURATION = "^(Never|([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+)$";

    @Size(max = 32)
    @Pattern(DURATION)
    @JsonPropertyDescription("How long a Succeeded instance is kept after it ended (default: afterCompletion).")
    public String afterSucceeded;

    @Size(max = 32)
    @Pattern(DURATION)
    @JsonPropertyDescription("How long a Failed, Stopped or TimedOut instance is kept after it ended (default: afterCompletion).")
    public String afterFailed;

    @Size(max = 32)
    @Pattern(DURATION)
    @JsonPropertyDescription("How long an ended instance is kept, whatever its outcome: 168h (7 days) by default; Never keeps it.")
    public String afterCompletion;
}
