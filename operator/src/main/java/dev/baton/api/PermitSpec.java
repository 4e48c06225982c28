package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Whose permit of which limit, and since when it is granted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PermitSpec {
    @JsonPropertyDescription("The ConcurrencyLimit this is a permit of.")
    public String limit;

    @JsonPropertyDescription("The WorkflowInstance that holds it (also its owner).")
    public String instance;

    @JsonPropertyDescription("The holder inside the instance: step/<step>/<first attempt of its run>, or run/<run> for the whole run.")
    public String holder;

    @JsonPropertyDescription("When the grant was confirmed; unset while the grant is being decided (such a permit counts against the limit but lets no one run).")
    public String grantedAt;

    @JsonPropertyDescription("The ConcurrencyLimit's status.granted that this grant wrote.")
    public Long grant;
}
