package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.baton.engine.model.AttemptOutcome;

/** One attempt of a leaf step: one Job or Pod, or for a resource step one object of its kind. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AttemptStatus {
    @JsonPropertyDescription("1 for the first attempt.")
    public Integer number;

    @JsonPropertyDescription("Name of the Job that ran this attempt.")
    public String job;

    @JsonPropertyDescription("Name of the Pod that ran this attempt.")
    public String pod;

    @JsonPropertyDescription("The object of a resource step's attempt, as Kind/name (e.g. JobSet/daily-1-train-1).")
    public String resource;

    @JsonPropertyDescription("Admitting (its Job waits for Kueue to admit it), Running, Succeeded, UserError, PlatformError, Timeout or Stopped.")
    public AttemptOutcome outcome;

    @JsonPropertyDescription("When the attempt's Job or Pod was created.")
    public String startTime;

    @JsonPropertyDescription("When Kueue admitted the attempt's Job, for a step in a Kueue queue: the attempt's timeout counts from here unless timeoutIncludesAdmission.")
    public String admissionTime;

    @JsonPropertyDescription("When the attempt ended.")
    public String completionTime;

    @JsonPropertyDescription("Exit code of the step container.")
    public Integer exitCode;

    @JsonPropertyDescription("Why the attempt ended as it did, in one word (Completed, Error, OOMKilled, Evicted, InvalidOutput...).")
    public String reason;

    @JsonPropertyDescription("Details for people.")
    public String message;
}
