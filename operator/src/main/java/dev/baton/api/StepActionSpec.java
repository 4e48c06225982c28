package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One action on one step of a run; taken once, by its id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StepActionSpec {
    @Required
    @Size(max = 63)
    @JsonPropertyDescription("Any value unique among the instance's actions: each id is taken once (its outcome is in status.actions).")
    public String id;

    @Required
    @ValidationRule(value = "self in ['Skip', 'Bypass', 'Stop', 'Kill', 'Restart']", message = "must be Skip, Bypass, Stop, Kill or Restart")
    @JsonPropertyDescription("Skip (end an unfinished step as Skipped), Bypass (start a waiting step now), Stop (a running step's attempt is its last), Kill (delete a running step's pod: it fails) or Restart (run an ended step again).")
    public String action;

    @Required
    @Size(max = 512)
    @JsonPropertyDescription("The step: name, name[iteration] (a loop iteration: Stop or Kill it), name[iteration]/step, or name/step for a subworkflow's step; paths nest.")
    public String path;

    @JsonPropertyDescription("With Restart: restart the steps after it too.")
    public Boolean descendants;
}
