package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Map;

/** A step that runs SQL against a database, from a runner pod; the connection comes from a Secret only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SqlStep {
    @Required
    @JsonPropertyDescription("The database engine: postgresql.")
    public String engine;

    @Required
    @JsonPropertyDescription("Where the connection comes from: a Secret in the instance's namespace, which Baton never reads (the step's pod mounts it).")
    public Connection connection;

    @JsonPropertyDescription("One SQL statement. Its params are bound as query parameters, named in it as %(name)s (a literal percent is then %%). Set query or script.")
    public String query;

    @JsonPropertyDescription("Several SQL statements separated by ';', run as written in one request, without params. Set query or script.")
    public String script;

    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("Bind params of the query: name to value or ${expression}, evaluated when the step starts and sent to the database as query parameters, never as SQL text.")
    public Map<String, Object> params;

    @JsonPropertyDescription("Bounds of the step's outputs: the first rows of the last statement's result, as JSON.")
    public Outputs outputs;

    @JsonPropertyDescription("CPU and memory requests and limits of the runner container.")
    @SchemaFrom(type = ResourceRequirements.class)
    public Map<String, Object> resources;

    /** Where a sql step's connection comes from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Connection {
        @Required
        @JsonPropertyDescription("The Secret and key holding the connection URI, such as postgresql://user:password@host:5432/db (percent-encode special characters).")
        public SecretRef secretRef;
    }

    /** A key of a Secret in the instance's namespace. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SecretRef {
        @Required
        @io.fabric8.generator.annotation.Size(max = 253)
        @io.fabric8.generator.annotation.Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
        @JsonPropertyDescription("Name of the Secret.")
        public String name;

        @JsonPropertyDescription("Key of the Secret's data holding the connection URI (default uri).")
        public String key;
    }

    /** How much of the last result a sql step keeps as outputs. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Outputs {
        @JsonPropertyDescription("Most rows kept (default 20, at most 1000); rows past it are dropped and outputs.truncated is true.")
        public Integer maxRows;

        @JsonPropertyDescription("Most bytes of the outputs' JSON (default 3072, 256 to 3584: they travel in the pod's 4 KiB termination message); rows are dropped from the end until it fits.")
        public Integer maxBytes;
    }
}
