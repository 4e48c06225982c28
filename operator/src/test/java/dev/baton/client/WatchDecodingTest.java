package dev.baton.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.InstancePhase;
import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class WatchDecodingTest {
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    WatchDecodingTest() {
        KubernetesClientProducer.registerKinds(serialization);
    }

    @Test
    void instanceEventDecodesStraightToItsClass() {
        WatchEvent event = serialization.unmarshal("""
                {"type":"MODIFIED","object":{"apiVersion":"baton.dev/v1alpha1","kind":"WorkflowInstance",
                 "metadata":{"name":"fan-1-each-1-5","namespace":"ns","resourceVersion":"42"},
                 "spec":{"workflowRef":{"name":"fan"}},
                 "status":{"phase":"Succeeded","steps":[{"name":"body","phase":"Succeeded"}]}}}
                """, WatchEvent.class);

        assertThat(event.getObject()).isInstanceOf(WorkflowInstance.class);
        WorkflowInstance instance = (WorkflowInstance) event.getObject();
        assertThat(instance.getSpec().workflowRef.name).isEqualTo("fan");
        assertThat(instance.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(instance.getStatus().steps.get(0).name).isEqualTo("body");
    }

    @Test
    void workflowAndBuiltInKindsToo() {
        WatchEvent workflow = serialization.unmarshal("""
                {"type":"ADDED","object":{"apiVersion":"baton.dev/v1alpha1","kind":"Workflow","metadata":{"name":"fan"}}}
                """, WatchEvent.class);
        WatchEvent pod = serialization.unmarshal("""
                {"type":"ADDED","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}}
                """, WatchEvent.class);

        assertThat(workflow.getObject()).isInstanceOf(Workflow.class);
        assertThat(pod.getObject()).isInstanceOf(Pod.class);
    }
}
