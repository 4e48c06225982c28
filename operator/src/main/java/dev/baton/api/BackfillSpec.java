package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Past fires of a time trigger to start now. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackfillSpec {
    @Required
    @Size(max = 40)
    @JsonPropertyDescription("The time trigger whose fires to start.")
    public String trigger;

    @Required
    @Size(max = 40)
    @JsonPropertyDescription("First scheduled time of the range (RFC 3339), inclusive.")
    public String from;

    @Required
    @Size(max = 40)
    @JsonPropertyDescription("Last scheduled time of the range (RFC 3339), inclusive. At most 1,000 fires per backfill; each is named as its normal fire would be, so one that already ran is not started again.")
    public String to;
}
