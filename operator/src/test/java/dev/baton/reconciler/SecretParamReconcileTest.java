package dev.baton.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.Json;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A param from a Secret, through one reconcile: the step's Job gets an env var from the Secret, and the
 * status, the children (a foreach iteration, a subworkflow run) and the Events carry the reference only.
 */
class SecretParamReconcileTest {
    private static final Map<String, Object> REF = Map.of("secretKeyRef", Map.of("name", "api-credentials", "key", "token"));
    private ReconcileFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theJobGetsAnEnvVarFromTheSecretAndEveryObjectTheReference() {
        fixture = ReconcileFixture.load("secret-param-new-instance");

        fixture.reconcile();

        WorkflowInstanceStatus status = fixture.written();
        assertThat(status.params).containsExactly(Map.entry("token", REF));
        Job job = fixture.client.batch().v1().jobs().inNamespace(ReconcileFixture.NAMESPACE).withName("secrets-1-call-1").get();
        EnvVar token = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("TOKEN")).findFirst().orElseThrow();
        assertThat(token.getValue()).isNull();
        assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("api-credentials");
        assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");

        fixture.reconcile(); // children are created after the status that counts them is written
        assertThat(fixture.createdInstances()).extracting(i -> i.getMetadata().getLabels().get("baton.dev/step")).contains("each", "sub");
        for (WorkflowInstance child : fixture.createdInstances()) {
            assertThat(child.getSpec().params).as(child.getMetadata().getName()).containsEntry("token", REF);
        }
    }

    @Test
    void anInstanceThatGivesASecretParamIsInvalidAndRunsNothing() {
        fixture = ReconcileFixture.load("secret-param-new-instance");
        fixture.context.instance().getSpec().params = Map.of("token", "hunter2");

        fixture.reconcile();

        WorkflowInstanceStatus status = fixture.written();
        assertThat(status.message).contains("spec.params.token: comes from a Secret");
        assertThat(Json.write(status)).doesNotContain("hunter2");
        assertThat(fixture.jobs()).isEmpty();
    }

    @Test
    void aChildRunsWithAReferenceItsParentHolds() {
        fixture = ReconcileFixture.load("secret-param-child");

        fixture.reconcile();

        assertThat(fixture.written().params).containsExactly(Map.entry("token", REF));
        Job job = fixture.client.batch().v1().jobs().inNamespace(ReconcileFixture.NAMESPACE).withName("parent-1-sub-1-0-call-1").get();
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).filteredOn(e -> e.getName().equals("TOKEN"))
                .singleElement().satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("api-credentials"));
    }

    @Test
    void aChildHandedAReferenceItsParentDoesNotHoldIsInvalid() {
        fixture = ReconcileFixture.load("secret-param-child");
        fixture.context.instance().getSpec().params = Map.of("token", Map.of("secretKeyRef", Map.of("name", "admin", "key", "password")));

        fixture.reconcile();

        WorkflowInstanceStatus status = fixture.written();
        assertThat(status.message).contains("spec.params.token: a Secret reference that the parent instance parent-1 does not hold");
        assertThat(fixture.jobs()).isEmpty();
    }
}
