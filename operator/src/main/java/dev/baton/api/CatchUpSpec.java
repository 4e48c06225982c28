package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;

/** A time trigger's policy for missed fires. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CatchUpSpec {
    public enum Policy { None, Latest, All }

    @JsonPropertyDescription("None: only fires on time (within startingDeadline, 1m by default). Latest (default): the most recent missed fire, within startingDeadline (one period by default). All: every missed fire within startingDeadline, at most the latest maxRuns.")
    public Policy policy;

    @Size(max = 32)
    @JsonPropertyDescription("How late a fire may still start (a Go duration).")
    public String startingDeadline;

    @Min(1)
    @Max(1000)
    @JsonPropertyDescription("With All: most missed fires started, the latest ones (10 by default).")
    public Integer maxRuns;
}
