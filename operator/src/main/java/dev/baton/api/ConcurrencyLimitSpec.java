package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** How many holders of the permit may run at once. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConcurrencyLimitSpec {
    /** Each grant lists the limit's Leases; past this many a list per grant costs the API server too much. */
    public static final int MAX_LIMIT = 1000;

    @Required
    @Min(1)
    @Max(MAX_LIMIT)
    @JsonPropertyDescription("Most holders of this permit running at once in the namespace (1 to 1000). A change takes effect at once:"
            + " raised, waiting work starts; lowered, no new holder starts until fewer than the limit hold it (running holders are not stopped).")
    public Integer limit;
}
