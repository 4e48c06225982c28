package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How many ended instances started by triggers a workflow keeps; the oldest beyond are deleted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HistorySpec {
    @Min(0)
    @Max(10000)
    @JsonPropertyDescription("Succeeded ones kept (100 by default).")
    public Integer succeeded;

    @Min(0)
    @Max(10000)
    @JsonPropertyDescription("Failed, TimedOut and Stopped ones kept (100 by default).")
    public Integer failed;
}
