package dev.baton.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/**
 * Watch events and request bodies as the operator's client reads and writes them, with its mapper and
 * kinds set up as the application sets them up: they must say exactly what Fabric8's own mapper says.
 */
class ClientSerializationTest {
    private static final String INSTANCE = """
            {"apiVersion":"baton.dev/v1alpha1","kind":"WorkflowInstance",
             "metadata":{"name":"fan-1-each-1-5","namespace":"ns","resourceVersion":"42","labels":{"a":"b"},
                         "ownerReferences":[{"apiVersion":"baton.dev/v1alpha1","kind":"WorkflowInstance","name":"fan-1","uid":"u1","controller":true}]},
             "spec":{"workflowRef":{"name":"fan"},"params":{"i":[1,2],"s":"x","n":null}},
             "status":{"phase":"Succeeded","leaves":{"Succeeded":1},"params":{"f":1.5,"b":true},
                       "steps":[{"name":"body","phase":"Succeeded","attempts":[{"number":1,"exitCode":0,"outcome":"Succeeded"}]}]}}""";
    private static final String POD = """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","uid":"u","creationTimestamp":"2026-11-24T21:57:38Z"},
             "spec":{"containers":[{"name":"c","image":"busybox","resources":{"limits":{"cpu":"100m","memory":"64Mi"}}}]},
             "status":{"phase":"Succeeded","containerStatuses":[{"name":"c","state":{"terminated":{"exitCode":3,"reason":"Error"}}}]},
             "extra":{"x":1}}""";
    private static final String JOB = """
            {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"j"},"spec":{"backoffLimit":0,"template":{"spec":{"containers":[]}}},
             "status":{"failed":1,"conditions":[{"type":"Failed","status":"True","reason":"BackoffLimitExceeded"}]}}""";
    private final KubernetesSerialization baton = new KubernetesSerialization(ObjectMapperSetup.configure(new ObjectMapper()), true);
    private final KubernetesSerialization fabric8 = new KubernetesSerialization();

    ClientSerializationTest() {
        KubernetesClientProducer.registerKinds(baton);
        KubernetesClientProducer.registerKinds(fabric8);
    }

    @Test
    void instanceEventDecodesToItsClass() {
        WorkflowInstance instance = (WorkflowInstance) assertDecodedAlike(event("MODIFIED", INSTANCE), WorkflowInstance.class);

        assertThat(instance.getSpec().workflowRef.name).isEqualTo("fan");
        assertThat(instance.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(instance.getStatus().steps.get(0).attempts.get(0).exitCode).isZero();
    }

    @Test
    void podsJobsWorkflowsAndOtherKindsDecodeAsFabric8DecodesThem() {
        assertDecodedAlike(event("ADDED", POD), Pod.class);
        assertDecodedAlike(event("ADDED", JOB), Job.class);
        assertDecodedAlike(event("ADDED", """
                {"metadata":{"name":"w"},"spec":{"steps":[]},"kind":"Workflow","apiVersion":"baton.dev/v1alpha1"}"""), Workflow.class);
        assertDecodedAlike(event("ADDED", """
                {"apiVersion":"example.com/v1","kind":"Gadget","metadata":{"name":"g"},"spec":{"size":3}}"""),
                GenericKubernetesResource.class);
        assertDecodedAlike(event("ERROR", """
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version","code":410}"""),
                Status.class);
    }

    @Test
    void writesAsFabric8WritesThem() {
        for (String json : new String[] {INSTANCE, POD, JOB}) {
            var object = fabric8.unmarshal(json);
            assertThat(baton.asJson(object)).isEqualTo(fabric8.asJson(object));
        }
    }

    private static String event(String type, String object) {
        return "{\"type\":\"" + type + "\",\"object\":" + object + "}";
    }

    /** Decodes with Baton's mapper and with Fabric8's own, and both must say the same. */
    private Object assertDecodedAlike(String json, Class<?> expected) {
        WatchEvent ours = baton.unmarshal(json, WatchEvent.class);
        WatchEvent reference = fabric8.unmarshal(json, WatchEvent.class);
        assertThat(ours.getType()).isEqualTo(reference.getType());
        assertThat(ours.getObject()).isInstanceOf(expected);
        assertThat(reference.getObject()).isInstanceOf(expected);
        assertThat(baton.asJson(ours.getObject())).isEqualTo(fabric8.asJson(reference.getObject()));
        return ours.getObject();
    }

    /**
     * The API server keeps values nested up to 10,000 levels (its JSON decoder's limit), Jackson's default
     * stops at 1,000: such a Workflow must still decode, on a thread with the default stack as an informer's.
     */
    @Test
    void aWorkflowNestedAsDeepAsTheApiServerAllowsDecodes() throws Exception {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        String json = "{\"apiVersion\":\"baton.dev/v1alpha1\",\"kind\":\"Workflow\",\"metadata\":{\"name\":\"w\"},"
                + "\"spec\":{\"params\":{\"p\":{\"default\":" + deep + "}},\"steps\":[]}}";
        java.util.concurrent.atomic.AtomicReference<Object> decoded = new java.util.concurrent.atomic.AtomicReference<>();
        Thread informer = new Thread(() -> decoded.set(((io.fabric8.kubernetes.api.model.WatchEvent) baton.unmarshal(
                event("ADDED", json), io.fabric8.kubernetes.api.model.WatchEvent.class)).getObject()));
        informer.start();
        informer.join();

        assertThat(decoded.get()).isInstanceOf(Workflow.class);
    }
}
