package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A time trigger as the operator runs it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TriggerStatus {
    @JsonPropertyDescription("The trigger's name.")
    public String name;

    @JsonPropertyDescription("When the operator first saw the trigger: fires before it never start.")
    public String since;

    @JsonPropertyDescription("The latest scheduled time that came, started or let go by the catch-up policy.")
    public String lastScheduleTime;

    @JsonPropertyDescription("For a signal trigger: when the newest signal of the latest set it started was created; older sets are done.")
    public String lastSignalTime;

    @JsonPropertyDescription("The instance the latest started fire created.")
    public String lastInstance;

    @JsonPropertyDescription("The next scheduled time (before its jitter).")
    public String nextScheduleTime;

    @JsonPropertyDescription("Why the trigger does not fire, or what went wrong with its last fire.")
    public String message;
}
