package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** Progress of a foreach step: counts, not lists, so it stays small for any number of iterations. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ForeachStatus {
    @JsonPropertyDescription("Number of iterations.")
    public Long total;

    @JsonPropertyDescription("Every iteration below this index has had its instance created.")
    public Long nextIndex;

    @JsonPropertyDescription("Created iterations not yet finished (at most concurrency of them).")
    public List<Long> unfinished;

    @JsonPropertyDescription("Finished iterations, by outcome.")
    public Long succeeded;

    @JsonPropertyDescription("Iterations that failed.")
    public Long failed;

    @JsonPropertyDescription("Iterations that were skipped.")
    public Long skipped;

    @JsonPropertyDescription("Iterations that were stopped.")
    public Long stopped;

    @JsonPropertyDescription("Iterations running now.")
    public Long running;

    @JsonPropertyDescription("Leaf steps of the finished iterations by phase (their instances are deleted).")
    public Map<String, Long> foldedLeaves;
}
