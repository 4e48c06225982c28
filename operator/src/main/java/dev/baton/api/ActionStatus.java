package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What became of one step action. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ActionStatus {
    @JsonPropertyDescription("The action's id.")
    public String id;

    @JsonPropertyDescription("The action and its path, as asked.")
    public String action;

    public String path;

    @JsonPropertyDescription("Done, Forwarded (handed to the iteration or subworkflow run that holds the step) or Refused.")
    public String outcome;

    @JsonPropertyDescription("What was done, or why not.")
    public String message;

    @JsonPropertyDescription("The run it was taken in.")
    public Integer run;

    @JsonPropertyDescription("When it was taken.")
    public String time;
}
