package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Where a workflow's run events are sent: a webhook the operator calls itself, under its destination policy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NotifySpec {
    @Required
    @Size(min = 1, max = 5)
    @JsonPropertyDescription("Events to send (the field is not named on: YAML 1.1, which kubectl reads, takes the key on for true): Started, Succeeded, Failed (also TimedOut), StepFailed (each failed step), SlaExceeded (the run passed sla).")
    public List<String> events;

    @Size(max = 32)
    @ValidationRule(value = "self.matches('^([0-9]+(\\\\.[0-9]+)?(ns|us|ms|s|m|h))+$')", message = "must be a Go duration such as 90s, 30m or 2h")
    @JsonPropertyDescription("For SlaExceeded: the run's allowed duration since it started, such as 2h. Sent once, when it passes, even if nothing else happens.")
    public String sla;

    @Required
    @JsonPropertyDescription("The endpoint.")
    public Webhook webhook;

    /** An HTTP endpoint that takes a JSON message. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Webhook {
        @Required
        @Size(max = 2048)
        @JsonPropertyDescription("http:// or https:// URL, allowed by the operator's http.allow.")
        public String url;

        @JsonPropertyDescription("A header whose value comes from a Secret of the instance's namespace (needs the chart's http.secretHeaders).")
        public SecretHeader secretRef;

        @Pattern("^(Json|Slack)$")
        @JsonPropertyDescription("Json (default): Baton's message. Slack: {text} as Slack's incoming webhooks take it, with Baton's message under baton.")
        public String format;
    }

    /** A Secret key sent as one header. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SecretHeader {
        @Required
        @JsonPropertyDescription("The Secret's name.")
        public String name;

        @Required
        @JsonPropertyDescription("The key of its data.")
        public String key;

        @JsonPropertyDescription("The header (default Authorization); the key's whole value is its value.")
        public String header;
    }
}
