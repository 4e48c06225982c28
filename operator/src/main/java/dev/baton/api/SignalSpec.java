package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** What a Signal says: its name (what happened) and its params (about what). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "a Signal is immutable: create a new one")
public class SignalSpec {
    @Required
    @Size(max = 63)
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @JsonPropertyDescription("The signal's name, what signal triggers and waiting steps listen for, e.g. orders-ready.")
    public String name;

    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("Values about the event (an object), readable as signal.params in match conditions and trigger params.")
    public Map<String, Object> params;

    @Size(max = 32)
    @ValidationRule(value = "self.matches('^([0-9]+(\\\\.[0-9]+)?(ns|us|ms|s|m|h))+$')", message = "must be a Go duration such as 90s, 30m or 168h")
    @JsonPropertyDescription("How long the operator keeps the Signal after it was created (a Go duration); 168h (7 days) by default.")
    public String ttl;
}
