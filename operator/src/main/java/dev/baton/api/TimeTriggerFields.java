package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/** What cron and interval triggers have in common. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TimeTriggerFields {
    @Required
    @Size(max = 40)
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("Name of the trigger, unique in the workflow: it names and labels the instances it starts (baton.dev/trigger).")
    public String name;

    @Size(max = 32)
    @JsonPropertyDescription("A fire waits a delay below this bound (a Go duration), the same for the same fire in every operator, so many workflows scheduled at one time do not all start at once. Must be shorter than the period.")
    public String jitter;

    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("Params of the instances it starts; strings may use ${trigger.name}, ${trigger.scheduledTime} (RFC 3339, UTC) and ${trigger.date} (yyyy-MM-dd in the trigger's zone).")
    public Map<String, Object> params;

    @JsonPropertyDescription("What to do about fires missed while the operator was down or the workflow suspended.")
    public CatchUpSpec catchUp;
}
