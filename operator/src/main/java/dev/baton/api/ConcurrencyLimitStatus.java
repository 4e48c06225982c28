package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Who holds the permit, bounded: counts plus the oldest holders. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConcurrencyLimitStatus {
    /** Holders listed at most: the status stays small however many hold the permit. */
    public static final int LISTED_HOLDERS = 10;

    @JsonPropertyDescription("Permits granted and not released (each a Permit object in this namespace).")
    public Integer held;

    @JsonPropertyDescription("Workflow runs and steps that wait for this permit.")
    public Integer waiting;

    @JsonPropertyDescription("Grants made so far: every grant raises it with an optimistic-concurrency write, which is what serializes grants.")
    public Long granted;

    @JsonPropertyDescription("The oldest holders, at most 10.")
    public List<PermitHolderStatus> holders;

    @JsonPropertyDescription("The metadata.generation (limit) this status describes.")
    public Long observedGeneration;
}
