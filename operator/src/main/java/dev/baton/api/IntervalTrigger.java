package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A fixed interval that starts instances. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IntervalTrigger extends TimeTriggerFields {
    @Required
    @Size(max = 32)
    @JsonPropertyDescription("The period, a Go duration such as 15m (at least 1s).")
    public String every;

    @Size(max = 40)
    @JsonPropertyDescription("A time the fires line up with (RFC 3339): they fall on anchor + k × every. By default 1970-01-01T00:00:00Z, so every: 15m fires at :00, :15, :30 and :45.")
    public String anchor;
}
