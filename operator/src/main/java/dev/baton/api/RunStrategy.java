package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** How instances of one workflow share the workflow: Maestro's run strategies. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.type == 'Parallel' || !has(self.concurrency)", message = "concurrency goes with type Parallel")
public class RunStrategy {
    @JsonPropertyDescription("Sequential (default: one at a time, first in first out), StrictSequential (as Sequential, and a failed run blocks the queue until it is restarted or released with its spec.releaseQueue), FirstOnly (a new instance stops itself while another runs), LastOnly (a new instance stops the running one), Parallel (up to concurrency at once), SerialLatestOnly (one at a time; of the waiting ones only the newest runs, the others are stopped).")
    public dev.baton.engine.model.RunStrategy.Type type;

    @Min(1)
    @Max(2147483647)
    @JsonPropertyDescription("With Parallel: how many instances may run at once. Default 1.")
    public Integer concurrency;
}
