package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** What starts the workflow's instances by itself. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TriggersSpec {
    @Size(max = 20)
    @JsonPropertyDescription("Cron schedules: each fire starts one instance, named after the workflow, the trigger and the scheduled time.")
    public List<CronTrigger> cron;

    @Size(max = 20)
    @JsonPropertyDescription("Fixed intervals, aligned to an anchor time: each fire starts one instance.")
    public List<IntervalTrigger> interval;

    @Size(max = 20)
    @JsonPropertyDescription("Signal triggers: each complete set of signals (per join key) starts one instance, once.")
    public List<SignalTriggerSpec> signals;
}
