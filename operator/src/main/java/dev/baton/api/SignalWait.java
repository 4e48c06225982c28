package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A signal a step waits for before it starts: a trigger's {name, match}, where match may also read what
 * the step sees (params, upstream steps, instance), and which signals count.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SignalWait extends SignalTriggerSpec.WantedSignal {
    @JsonPropertyDescription("Which Signals count: Run (default: created since the run started), Step (since the step became ready) or Any.")
    public String since;
}
