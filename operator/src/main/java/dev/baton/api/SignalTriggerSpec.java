package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;
import java.util.Map;

/** Starts an instance when every listed signal has arrived (with equal join keys). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SignalTriggerSpec {
    @Required
    @Size(max = 40)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("Name of the trigger, unique in the workflow; it labels the instances it starts (baton.dev/trigger).")
    public String name;

    @Required
    @Size(min = 1, max = 10)
    @JsonPropertyDescription("The signals to wait for, each {name, match}: match is a CEL condition over signal.params.")
    public List<WantedSignal> signals;

    @Size(max = 10)
    @JsonPropertyDescription("Params every listed signal must carry with equal values for them to join (Maestro's join keys); required with more than one signal name.")
    public List<String> joinOn;

    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("Params of the instances it starts; strings may use ${signal.params.x} (one signal) or ${signals['name'].params.x}.")
    public Map<String, Object> params;

    /** One signal a trigger or a step waits for. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class WantedSignal {
        @Required
        @Size(max = 63)
        @JsonPropertyDescription("The Signal's spec.name.")
        public String name;

        @Size(max = 4096)
        @JsonPropertyDescription("A CEL condition over signal.params (and signal.name) that a Signal must meet, e.g. signal.params.rows > 0.")
        public String match;
    }
}
