package dev.baton.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.engine.model.FieldError;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's managed kinds (BATON_RESOURCE_KINDS) and the manifest checks they drive. */
class ResourceKindsTest {
    private static final ManagedKinds KINDS = ManagedKinds.parse(List.of("jobset.x-k8s.io/v1alpha2/JobSet/jobsets", " /v1/ConfigMap/configmaps "));
    private final ResourceManifestChecks checks = new ResourceManifestChecks(new StepPodChecks(), KINDS);

    @Test
    void kindsAreParsedWithTheirRestPaths() {
        assertThat(KINDS.of("jobset.x-k8s.io/v1alpha2", "JobSet").path("ns", "a-1")).isEqualTo("/apis/jobset.x-k8s.io/v1alpha2/namespaces/ns/jobsets/a-1");
        assertThat(KINDS.of("v1", "ConfigMap").path("ns", "c")).isEqualTo("/api/v1/namespaces/ns/configmaps/c");
        assertThat(KINDS.of("jobset.x-k8s.io/v1", "JobSet")).as("another version is another kind").isNull();
        assertThatThrownBy(() -> ManagedKinds.parse(List.of("jobset.x-k8s.io/JobSet/jobsets")))
                .hasMessageContaining("BATON_RESOURCE_KINDS").hasMessageContaining("\"jobset.x-k8s.io/JobSet/jobsets\" is not group/version/Kind/plural");
        assertThatThrownBy(() -> ManagedKinds.parse(List.of("jobset.x-k8s.io/v1alpha2/jobset/jobsets"))).hasMessageContaining("is not");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJobSetExampleCompilesForAnOperatorThatManagesJobSetsOnly() throws Exception {
        var yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        String text = java.nio.file.Files.readString(java.nio.file.Path.of("../examples/resource-jobset.yaml"));
        Map<String, Object> workflow = yaml.readValue(text.substring(0, text.indexOf("\n---")), Map.class);
        Map<String, Object> spec = (Map<String, Object>) workflow.get("spec");
        var compiler = new dev.baton.engine.WorkflowCompiler(new dev.baton.engine.Expressions(), checks);
        assertThat(compiler.compile(spec).errors()).isEmpty();
        var refusing = new dev.baton.engine.WorkflowCompiler(new dev.baton.engine.Expressions(),
                new ResourceManifestChecks(new StepPodChecks(), ManagedKinds.parse(List.of("ray.io/v1/RayJob/rayjobs"))));
        assertThat(refusing.compile(spec).errors()).extracting(FieldError::toString).singleElement().asString()
                .startsWith("spec.steps[0].resource.manifest.kind: JobSet (jobset.x-k8s.io/v1alpha2) is not a kind this operator may manage");
    }

    @Test
    void aKindTheOperatorDoesNotManageOrANameBatonMustGiveIsAFieldError() {
        assertThat(checks.manifest(Map.of("apiVersion", "jobset.x-k8s.io/v1alpha2", "kind", "JobSet"),
                "jobset.x-k8s.io/v1alpha2", "JobSet", "spec.steps[0].resource.manifest")).isEmpty();
        List<FieldError> errors = checks.manifest(Map.of("metadata", Map.of("name", "mine", "namespace", "other")),
                "ray.io/v1", "RayJob", "spec.steps[0].resource.manifest");
        assertThat(errors).extracting(FieldError::toString).containsExactly(
                "spec.steps[0].resource.manifest.kind: RayJob (ray.io/v1) is not a kind this operator may manage (its resourceKinds"
                        + " setting lists: JobSet (jobset.x-k8s.io/v1alpha2), ConfigMap (v1)); a cluster administrator adds it to the chart's resourceKinds",
                "spec.steps[0].resource.manifest.metadata.name: is set by Baton: the object is named <instance>-<step>-<attempt> in"
                        + " the instance's namespace and owned by the instance",
                "spec.steps[0].resource.manifest.metadata.namespace: is set by Baton: the object is named <instance>-<step>-<attempt> in"
                        + " the instance's namespace and owned by the instance");
        assertThat(new ResourceManifestChecks(new StepPodChecks(), ManagedKinds.NONE).manifest(Map.of(), "v1", "ConfigMap", "m"))
                .extracting(FieldError::toString).singleElement().asString().contains("lists: none");
    }
}
