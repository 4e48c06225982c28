package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** A step that creates any Kubernetes object (a JobSet, a SparkApplication, a RayJob) and waits for its end. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceStep {
    @Required
    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("The object to create, one per attempt: apiVersion and kind written out (a kind the operator's"
            + " resourceKinds setting lists), the rest of its fields as the kind wants them, strings may hold ${expressions}."
            + " Baton sets metadata.name (<instance>-<step>-<attempt>), the namespace (the instance's), its labels and an"
            + " owner reference to the instance.")
    public Map<String, Object> manifest;

    @Required
    @JsonPropertyDescription("CEL over object (the object as the cluster shows it): true once the attempt succeeded, e.g."
            + " object.status.conditions.exists(c, c.type == 'Completed' && c.status == 'True'). Not met while it cannot"
            + " be evaluated (no status yet).")
    public String successCondition;

    @JsonPropertyDescription("CEL over object: true once the attempt failed (a user error, retried as retry.errors says),"
            + " e.g. object.status.conditions.exists(c, c.type == 'Failed' && c.status == 'True'). Checked before successCondition.")
    public String failureCondition;

    @JsonPropertyDescription("Delete the object when its attempt ends (default false: it stays, for its status and its"
            + " pods' logs, until the instance is deleted). A stopped or timed-out attempt's object is deleted always.")
    public Boolean deleteOnFinish;
}
