package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A cron schedule that starts instances. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CronTrigger extends TimeTriggerFields {
    @Required
    @Size(max = 200)
    @JsonPropertyDescription("Five-field cron (minute hour day-of-month month day-of-week) or @yearly, @monthly, @weekly, @daily, @hourly, on the zone's wall clock: a time skipped by a DST change fires at the gap's end, a time repeated fires once.")
    public String schedule;

    @Size(max = 64)
    @JsonPropertyDescription("IANA time zone of the schedule, such as Europe/Berlin; UTC by default.")
    public String timezone;
}
