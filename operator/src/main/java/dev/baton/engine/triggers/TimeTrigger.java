package dev.baton.engine.triggers;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * A compiled time trigger of a Workflow: a cron schedule in a zone, or an interval.
 *
 * @param params templates of the params its instances get ({@code ${trigger.date}} ...), as written
 * @param field  where it is in the spec, for messages
 */
public record TimeTrigger(String name, Schedule schedule, ZoneId zone, Duration jitter, Map<String, Object> params,
                          CatchUp catchUp, String field) {
}
