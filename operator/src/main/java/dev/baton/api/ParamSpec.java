package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.baton.engine.model.ParamType;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.AnyType;

/** The declaration of one workflow parameter. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.valueFrom) || self.type == 'string'",
        message = "a param with valueFrom has type string: its container gets it as an env var")
public class ParamSpec {
    @Required
    @JsonPropertyDescription("The type: string, long, double, boolean, stringArray, longArray, doubleArray, booleanArray or map.")
    public ParamType type;

    @JsonProperty("default")
    @SchemaFrom(type = AnyType.class)
    @JsonPropertyDescription("Value used when an instance gives none. Must have the declared type.")
    public Object defaultValue;

    @JsonPropertyDescription("When true, every instance must give a value.")
    public Boolean required;

    @JsonPropertyDescription("What the parameter means, for people.")
    public String description;

    @JsonPropertyDescription("Where the value comes from instead: a key of a Secret in the instance's namespace. Baton never reads the Secret; a step that passes the param whole as one of its params (TOKEN: \"${params.token}\") gets it as an env var from the Secret, and a subworkflow may be given it the same way. It cannot be used in any other text or condition, and an instance cannot set it.")
    public ParamValueFrom valueFrom;

    /** The source of a param's value. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ParamValueFrom {
        @Required
        @JsonPropertyDescription("A key of a Secret in the instance's namespace.")
        public SecretKeyRef secretKeyRef;
    }

    /** One key of a Secret. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SecretKeyRef {
        @Required
        @io.fabric8.generator.annotation.Size(max = 253)
        @io.fabric8.generator.annotation.Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
        @JsonPropertyDescription("Name of the Secret.")
        public String name;

        @Required
        @io.fabric8.generator.annotation.Size(max = 253)
        @io.fabric8.generator.annotation.Pattern("^[-._a-zA-Z0-9]+$")
        @JsonPropertyDescription("Key of the Secret's data.")
        public String key;
    }
}
