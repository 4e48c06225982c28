package dev.baton.reconciler;

import static org.awaitility.Awaitility.await;

import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.model.EventReason;
import dev.baton.executor.Labels;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;

/**
 * One reconcile of a WorkflowInstance without a cluster, set up from a YAML fixture
 * ({@code src/test/resources/reconciler/<case>.yaml}, Tekton's pipelinerun_test.go in Java).
 *
 * <p>The fixture is a multi-document file: the WorkflowInstance to reconcile (the first one) with its
 * current status; the Workflows, Jobs, Pods and child WorkflowInstances as the operator's caches hold them;
 * the ControllerRevisions its status pins. Every object is also stored in an in-memory API server
 * (Fabric8's mock server in CRUD mode), and the reconciler's real beans write to it through a real client,
 * so what the reconcile created, deleted and recorded is read back from the API, not from a mocked client.
 * Objects without a namespace go to {@link #NAMESPACE}; the clock stands at {@link #NOW}.
 */
final class ReconcileFixture implements AutoCloseable {
    static final String NAMESPACE = "baton-test";
    static final Instant NOW = Instant.parse("2026-11-24T00:01:00Z");
    /** The message of the Event that marks the end of a reconcile's Events in the writer's queue. */
    private static final String FLUSH = "(end of the reconcile's events)";

    final TestClock clock = new TestClock(NOW);
    final KubernetesClient client;
    final FixtureContext context;
    private final KubernetesMockServer server;
    private final Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    private final InMemoryInstanceCache cache = new InMemoryInstanceCache();
    private final ReconcilerBeans beans;
    /** "Kind/name" of every object the fixture put in the API. */
    private final Set<String> seeded = new HashSet<>();
    private UpdateControl<WorkflowInstance> control;

    private ReconcileFixture(String name) {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations, List.of(
                        CustomResourceDefinitionContext.fromCustomResourceType(WorkflowInstance.class),
                        CustomResourceDefinitionContext.fromCustomResourceType(Workflow.class))), false);
        server.init();
        client = server.createClient();
        client.getKubernetesSerialization().registerKubernetesResource(WorkflowInstance.class);
        client.getKubernetesSerialization().registerKubernetesResource(Workflow.class);
        List<HasMetadata> objects = read(name);
        WorkflowInstance subject = objects.stream().filter(WorkflowInstance.class::isInstance).map(WorkflowInstance.class::cast)
                .findFirst().orElseThrow(() -> new IllegalArgumentException(name + ": no WorkflowInstance"));
        context = new FixtureContext(subject);
        cache.put(subject);
        for (HasMetadata o : objects) {
            if (o != subject) {
                seed(o);
            }
        }
        beans = new ReconcilerBeans(client, clock, cache);
    }

    /** The fixture {@code reconciler/<name>.yaml}, loaded into the caches and the in-memory API. */
    static ReconcileFixture load(String name) {
        return new ReconcileFixture(name);
    }

    /** Makes the API refuse the next creation of a Job in the namespace, as a quota or a failing admission webhook would. */
    ReconcileFixture refuseNextJob(int code, String message) {
        server.expect().post().withPath("/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs")
                .andReturn(code, new StatusBuilder().withStatus("Failure").withCode(code).withMessage(message).build())
                .once();
        return this;
    }

    /** Makes the API refuse the next change (patch or update) of the named WorkflowInstance. */
    ReconcileFixture failNextInstanceEdit(String name, int code, String message) {
        String path = "/apis/baton.dev/v1alpha1/namespaces/" + NAMESPACE + "/workflowinstances/" + name;
        var status = new StatusBuilder().withStatus("Failure").withCode(code).withMessage(message).build();
        server.expect().patch().withPath(path).andReturn(code, status).once();
        server.expect().put().withPath(path).andReturn(code, status).once();
        return this;
    }

    /** One reconcile of the instance as the cache holds it now. */
    UpdateControl<WorkflowInstance> reconcile() {
        control = beans.reconciler.reconcile(context.instance(), context);
        cache.put(context.instance());
        return control;
    }

    /**
     * Another reconcile, after the caches have caught up with the API (the objects the last one created
     * or deleted) and the clock has moved on by {@code later}.
     */
    UpdateControl<WorkflowInstance> reconcileAfter(Duration later) {
        clock.advance(later);
        String instance = context.instance().getMetadata().getName();
        replace(context.jobs, client.batch().v1().jobs().inNamespace(NAMESPACE).withLabel(Labels.INSTANCE, instance).list().getItems());
        replace(context.pods, client.pods().inNamespace(NAMESPACE).withLabel(Labels.INSTANCE, instance).list().getItems());
        replace(context.children, client.resources(WorkflowInstance.class).inNamespace(NAMESPACE)
                .withLabel(Labels.PARENT, instance).list().getItems());
        return reconcile();
    }

    /** The reschedule delay the last reconcile asked for, in milliseconds, or null for none. */
    Long rescheduleDelay() {
        return control.getScheduleDelay().orElse(null);
    }

    /** Every status written, in order (one per status write). */
    List<WorkflowInstanceStatus> writes() {
        return context.writes;
    }

    /** The one status write of the reconcile; fails when there were none or several. */
    WorkflowInstanceStatus written() {
        if (context.writes.size() != 1) {
            throw new AssertionError("expected one status write, got " + context.writes.size());
        }
        return context.writes.get(0);
    }

    /** The last status written. */
    WorkflowInstanceStatus lastWrite() {
        return context.writes.get(context.writes.size() - 1);
    }

    /** Names of the Jobs in the API. */
    List<String> jobs() {
        return names(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems());
    }

    /** Names of the Jobs the reconciles created. */
    List<String> createdJobs() {
        return created(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems());
    }

    /** Names of the Pods in the API. */
    List<String> pods() {
        return names(client.pods().inNamespace(NAMESPACE).list().getItems());
    }

    /** Names of the Pods the reconciles created. */
    List<String> createdPods() {
        return created(client.pods().inNamespace(NAMESPACE).list().getItems());
    }

    /** The WorkflowInstances the reconciles created, as the API holds them. */
    List<WorkflowInstance> createdInstances() {
        return client.resources(WorkflowInstance.class).inNamespace(NAMESPACE).list().getItems().stream()
                .filter(i -> !seeded.contains(key(i))).toList();
    }

    /** Names of the ControllerRevisions in the API. */
    List<String> revisions() {
        return names(client.apps().controllerRevisions().inNamespace(NAMESPACE).list().getItems());
    }

    /** Whether the API holds a ControllerRevision of this name now. */
    boolean revisionExists(String name) {
        return name != null && client.apps().controllerRevisions().inNamespace(NAMESPACE).withName(name).get() != null;
    }

    /**
     * The Events recorded so far, once the recorder's background writer has written them: a marker is
     * queued behind them and awaited in the API (the writer is first in, first out).
     */
    List<Event> events() {
        // A warning reason, as a loop iteration's recorder drops the others; the marker is told by its message.
        beans.events.record(context.instance(), EventReason.RestartRefused, FLUSH);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> allEvents().stream().anyMatch(e -> FLUSH.equals(e.getMessage())));
        List<Event> events = allEvents().stream().filter(e -> !FLUSH.equals(e.getMessage())).toList();
        allEvents().stream().filter(e -> FLUSH.equals(e.getMessage()))
                .forEach(e -> client.v1().events().inNamespace(NAMESPACE).withName(e.getMetadata().getName()).delete());
        return events;
    }

    @Override
    public void close() {
        beans.close();
        client.close();
        server.destroy();
    }

    private List<Event> allEvents() {
        return client.v1().events().inNamespace(NAMESPACE).list().getItems();
    }

    private void seed(HasMetadata o) {
        client.resource(o).create();
        seeded.add(key(o));
        if (o instanceof Job job) {
            context.jobs.add(job);
        } else if (o instanceof Pod pod) {
            context.pods.add(pod);
        } else if (o instanceof WorkflowInstance child) {
            context.children.add(child);
            cache.put(child);
        } else if (o instanceof Workflow workflow) {
            context.workflows.add(workflow);
        } else if (!(o instanceof ControllerRevision)) {
            throw new IllegalArgumentException("a fixture holds no " + o.getKind());
        }
    }

    private List<HasMetadata> read(String name) {
        String text;
        try (InputStream in = ReconcileFixture.class.getResourceAsStream("/reconciler/" + name + ".yaml")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture reconciler/" + name + ".yaml");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : text.split("(?m)^---\\s*$")) {
            if (doc.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
                continue;
            }
            HasMetadata o = client.getKubernetesSerialization().unmarshal(doc);
            if (o.getMetadata().getNamespace() == null) {
                o.getMetadata().setNamespace(NAMESPACE);
            }
            if (o.getMetadata().getUid() == null) {
                o.getMetadata().setUid("uid-" + o.getMetadata().getName());
            }
            if (o.getMetadata().getResourceVersion() == null) {
                o.getMetadata().setResourceVersion("1");
            }
            objects.add(o);
        }
        return objects;
    }

    private List<String> created(List<? extends HasMetadata> inApi) {
        return inApi.stream().filter(o -> !seeded.contains(key(o))).map(o -> o.getMetadata().getName()).sorted().toList();
    }

    private static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).sorted().toList();
    }

    private static String key(HasMetadata o) {
        return o.getKind() + "/" + o.getMetadata().getName();
    }

    private static <T> void replace(List<T> cached, List<T> now) {
        cached.clear();
        cached.addAll(now);
    }
}
