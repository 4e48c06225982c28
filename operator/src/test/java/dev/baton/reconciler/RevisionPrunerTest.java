package dev.baton.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.Workflow;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceSpec;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.Expressions;
import dev.baton.engine.WorkflowCompiler;
import dev.baton.executor.StepPodChecks;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which of a Workflow's ControllerRevisions go: those no instance pins, that are not current nor young, and are its own. */
class RevisionPrunerTest {
    private static final String NS = "baton-test";

    private KubernetesMockServer server;
    private KubernetesClient client;
    private final InMemoryInstanceCache cache = new InMemoryInstanceCache();
    private final InstanceIndex index = new InstanceIndex();
    private final Workflow workflow = new Workflow();

    @BeforeEach
    void setUp() {
        var expectations = new HashMap<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations, List.of(
                        CustomResourceDefinitionContext.fromCustomResourceType(WorkflowInstance.class))), false);
        server.init();
        client = server.createClient();
        workflow.setMetadata(new ObjectMetaBuilder().withName("etl").withNamespace(NS).withUid("uid-etl").build());
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.destroy();
    }

    @Test
    void onlyOldUnpinnedRevisionsOfTheWorkflowItselfAreDeleted() {
        index.register(cache);
        for (String name : List.of("etl-current", "etl-pinned", "etl-body", "etl-free", "etl-free-2")) {
            revision(name, "uid-etl");
        }
        Instant created = revision("etl-someone-elses", "uid-other");
        cache.put(instance("run-1", "etl-pinned", null, NS));
        cache.put(instance("run-2-each-0", null, "etl-body", NS));
        cache.put(instance("run-3", "etl-free", null, "another-namespace"));

        boolean keptSome = pruner().prune(workflow, "etl-current", created.plus(Duration.ofDays(3)));

        assertThat(names()).containsExactlyInAnyOrder("etl-current", "etl-pinned", "etl-body", "etl-someone-elses");
        assertThat(keptSome).as("pinned ones may go later").isTrue();
    }

    @Test
    void aRevisionMadeMinutesAgoIsKeptForAnInstanceTheCacheHasNotShownYet() {
        index.register(cache);
        revision("etl-current", "uid-etl");
        Instant created = revision("etl-new", "uid-etl");

        assertThat(pruner().prune(workflow, "etl-current", created.plus(Duration.ofMinutes(5)))).isTrue();

        assertThat(names()).containsExactlyInAnyOrder("etl-current", "etl-new");
    }

    @Test
    void nothingIsDeletedBeforeTheInstanceCacheIsReady() {
        revision("etl-current", "uid-etl");
        Instant created = revision("etl-free", "uid-etl");

        assertThat(pruner().prune(workflow, "etl-current", created.plus(Duration.ofDays(3)))).isTrue();

        assertThat(names()).containsExactlyInAnyOrder("etl-current", "etl-free");
    }

    @Test
    void withNothingLeftToPruneTheWorkflowNeedNotComeBack() {
        index.register(cache);
        revision("etl-current", "uid-etl");
        Instant created = revision("etl-free", "uid-etl");

        assertThat(pruner().prune(workflow, "etl-current", created.plus(Duration.ofDays(3)))).isFalse();

        assertThat(names()).containsExactly("etl-current");
    }

    @Test
    void aWorkflowReconciledAgainWithinTheGraceIsNotListedAgain() {
        index.register(cache);
        revision("etl-current", "uid-etl");
        Instant created = revision("etl-free", "uid-etl");
        RevisionPruner pruner = pruner();
        Instant first = created.plus(Duration.ofDays(3));
        assertThat(pruner.prune(workflow, "etl-current", first)).isFalse();
        revision("etl-free-2", "uid-etl");

        assertThat(pruner.prune(workflow, "etl-current", first.plus(Duration.ofMinutes(1)))).isFalse();
        assertThat(names()).as("the last answer, no new list").containsExactlyInAnyOrder("etl-current", "etl-free-2");

        pruner.prune(workflow, "etl-current", first.plus(RevisionPruner.GRACE).plusSeconds(1));
        assertThat(names()).containsExactly("etl-current");
    }

    private RevisionPruner pruner() {
        return new RevisionPruner(client, index, new WorkflowRevisions(client, new WorkflowCompiler(new Expressions(), new StepPodChecks())));
    }

    /** Stores a revision of "etl" controlled by {@code ownerUid}; returns when the API server says it was made. */
    private Instant revision(String name, String ownerUid) {
        ControllerRevision r = new ControllerRevisionBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS)
                        .addToLabels(WorkflowRevisions.WORKFLOW_LABEL, "etl")
                        .addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("baton.dev/v1alpha1").withKind("Workflow")
                                .withName("etl").withUid(ownerUid).withController(true).build())
                        .build())
                .withRevision(1L)
                .build();
        return Instant.parse(client.resource(r).create().getMetadata().getCreationTimestamp());
    }

    private static WorkflowInstance instance(String name, String revision, String bodyRevision, String namespace) {
        WorkflowInstance i = new WorkflowInstance();
        i.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withUid("uid-" + name).build());
        i.setSpec(new WorkflowInstanceSpec());
        if (bodyRevision != null) {
            i.getSpec().body = new WorkflowInstanceSpec.BodyRef();
            i.getSpec().body.revision = bodyRevision;
        }
        if (revision != null) {
            i.setStatus(new WorkflowInstanceStatus());
            i.getStatus().revision = revision;
        }
        return i;
    }

    private List<String> names() {
        return client.apps().controllerRevisions().inNamespace(NS).list().getItems().stream()
                .map(r -> r.getMetadata().getName()).toList();
    }
}
