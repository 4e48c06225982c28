package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Who started an instance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Initiator {
    public enum Type { Manual, Cron, Signal, Parent }

    @JsonPropertyDescription("Manual (created by a person or a tool), Cron (a time trigger, cron or interval), Signal or Parent (a loop iteration or a subworkflow run).")
    public Type type;

    @JsonPropertyDescription("The trigger that started it.")
    public String trigger;

    @JsonPropertyDescription("The scheduled time of the fire that started it (before jitter).")
    public String scheduledTime;

    @JsonPropertyDescription("With Signal: the Signals that started it, as name=Signal object, comma-separated.")
    public String signals;

    @JsonPropertyDescription("With Parent: the parent instance.")
    public String parent;
}
