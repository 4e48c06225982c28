package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Map;

/**
 * A step that runs a Jupyter notebook with papermill: its params injected as papermill parameters, the
 * executed notebook written to {@code output}, the values the notebook writes to $BATON_OUTPUT as the
 * step's outputs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NotebookStep {
    @Required
    @JsonPropertyDescription("The notebook to run: exactly one of inline, configMapRef or path.")
    public Source source;

    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("Papermill parameters: name (a Python identifier) to value or ${expression}, evaluated when the step starts; a string that is one whole ${expression} keeps the value's type (number, boolean, list, map). Injected after the notebook's cell tagged 'parameters' (at the top when it has none).")
    public Map<String, Object> params;

    @JsonPropertyDescription("The Jupyter kernel to run it with; by default the notebook's own (metadata.kernelspec.name), else python3.")
    public String kernel;

    @JsonPropertyDescription("Where the executed notebook is written, ${} allowed: a path in the step's container (default /tmp/baton-notebook/output.ipynb; put it on a volume, e.g. a PVC mounted with the step's podTemplate, to keep it), or a URL papermill writes to (s3://, gs://, abs://) with an image that has its client library. Its location and size are in the step's outputs.notebook.")
    public String output;

    @JsonPropertyDescription("Environment variables, name to value.")
    public Map<String, String> env;

    @JsonPropertyDescription("CPU and memory requests and limits of the container.")
    @SchemaFrom(type = ResourceRequirements.class)
    public Map<String, Object> resources;

    /** Where the notebook comes from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "[has(self.inline), has(self.configMapRef), has(self.path)].filter(k, k).size() == 1",
            message = "a notebook source sets exactly one of inline, configMapRef or path")
    public static class Source {
        @io.fabric8.generator.annotation.Size(max = 65536)
        @JsonPropertyDescription("The notebook itself: its .ipynb JSON text (nbformat 4), at most 64 KiB; larger ones go in a ConfigMap or the image.")
        public String inline;

        @JsonPropertyDescription("A key of a ConfigMap in the instance's namespace holding the .ipynb JSON. A ConfigMap or key that does not exist fails the attempt, naming them.")
        public ConfigMapKeyRef configMapRef;

        @JsonPropertyDescription("The absolute path of the .ipynb file in the step's image.")
        public String path;
    }

    /** One key of a ConfigMap. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ConfigMapKeyRef {
        @Required
        @io.fabric8.generator.annotation.Size(max = 253)
        @io.fabric8.generator.annotation.Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
        @JsonPropertyDescription("Name of the ConfigMap.")
        public String name;

        @Required
        @io.fabric8.generator.annotation.Size(max = 253)
        @io.fabric8.generator.annotation.Pattern("^[-._a-zA-Z0-9]+$")
        @JsonPropertyDescription("Key of the ConfigMap's data.")
        public String key;
    }
}
