package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.Map;

/** Ended attempts of a step's current run that status no longer lists one by one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EarlierAttempts {
    @Min(1)
    @Max(Integer.MAX_VALUE)
    @JsonPropertyDescription("The highest attempt number counted here; the attempts listed come after it.")
    public Integer through;

    @JsonPropertyDescription("How many of them ended each way (UserError, PlatformError, Timeout, Stopped...).")
    public Map<String, Integer> outcomes;
}
