package dev.baton.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.ConcurrencyLimit;
import dev.baton.api.ConcurrencyLimitSpec;
import dev.baton.api.Permit;
import dev.baton.api.PermitSpec;
import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import dev.baton.engine.Plan;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import dev.baton.executor.ChildNames;
import dev.baton.executor.Labels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Grants of shared concurrency limits against Fabric8's in-memory API server (CRUD mode): what exists
 * after each ask, the serializing write of status.granted, a lost race, a crashed pass's leftover.
 */
class PermitLedgerTest {
    private static final String NS = "baton-test";
    private static final Instant NOW = Instant.parse("2026-11-24T00:01:00Z");
    private final Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    private KubernetesMockServer server;
    private KubernetesClient client;
    private PermitLedger ledger;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations, List.of(
                        CustomResourceDefinitionContext.fromCustomResourceType(ConcurrencyLimit.class),
                        CustomResourceDefinitionContext.fromCustomResourceType(Permit.class))), false);
        server.init();
        client = server.createClient();
        ledger = new PermitLedger(client, new PermitCache());
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    private void limit(String name, int limit) {
        ConcurrencyLimit l = new ConcurrencyLimit();
        l.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        l.setSpec(new ConcurrencyLimitSpec());
        l.getSpec().limit = limit;
        client.resource(l).create();
    }

    private static WorkflowInstance instance(String name) {
        WorkflowInstance i = new WorkflowInstance();
        i.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).withUid("uid-" + name).build());
        return i;
    }

    private PermitLedger.Outcome ask(WorkflowInstance instance, String holder, String... limits) {
        return ledger.acquire(instance, List.of(new Plan.PermitRequest(holder, List.of(limits))), 0, NOW);
    }

    private List<Permit> permits() {
        return client.resources(Permit.class).inNamespace(NS).list().getItems();
    }

    private long granted(String limit) {
        var status = client.resources(ConcurrencyLimit.class).inNamespace(NS).withName(limit).get().getStatus();
        return status == null || status.granted == null ? 0 : status.granted;
    }

    @Test
    void grantsUpToTheLimitEachWithItsOwnSerializingWrite() {
        limit("db", 2);
        assertThat(ask(instance("a"), "step/s/1", "db")).isEqualTo(PermitLedger.Outcome.Granted);
        assertThat(ask(instance("b"), "step/s/1", "db")).isEqualTo(PermitLedger.Outcome.Granted);
        assertThat(ask(instance("c"), "run/1", "db")).isEqualTo(PermitLedger.Outcome.Waiting);
        assertThat(permits()).hasSize(2).allSatisfy(p -> {
            assertThat(p.getSpec().grantedAt).isEqualTo("2026-11-24T00:01:00Z");
            assertThat(p.getMetadata().getLabels()).containsEntry(Labels.PERMIT, "db");
            assertThat(p.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getUid()).startsWith("uid-"));
        });
        assertThat(permits()).extracting(p -> p.getSpec().grant).containsExactlyInAnyOrder(1L, 2L);
        assertThat(granted("db")).isEqualTo(2);
        assertThat(permits()).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder(ChildNames.permit("db", "uid-a", "step/s/1"), ChildNames.permit("db", "uid-b", "step/s/1"));

        assertThat(ask(instance("a"), "step/s/1", "db")).as("asked again: the grant stands, no second one")
                .isEqualTo(PermitLedger.Outcome.Granted);
        assertThat(granted("db")).isEqualTo(2);
    }

    @Test
    void aHolderTakesItsPermitsInNameOrderAndKeepsWhatItGotWhileItWaitsForTheRest() {
        limit("a-limit", 1);
        limit("b-limit", 1);
        assertThat(ask(instance("x"), "step/s/1", "b-limit")).isEqualTo(PermitLedger.Outcome.Granted);
        assertThat(ask(instance("y"), "step/s/1", "a-limit", "b-limit")).as("b-limit is x's").isEqualTo(PermitLedger.Outcome.Waiting);
        assertThat(permits()).extracting(p -> p.getSpec().instance + ":" + p.getSpec().limit)
                .containsExactlyInAnyOrder("x:b-limit", "y:a-limit");
    }

    @Test
    void aHolderThatGotOneOfItsTwoPermitsWaitsAndIsNotToldToComeBackAtOnce() {
        limit("a-limit", 1);
        limit("b-limit", 1);
        assertThat(ask(instance("x"), "step/s/1", "b-limit")).isEqualTo(PermitLedger.Outcome.Granted);
        assertThat(ask(instance("y"), "step/s/1", "a-limit", "b-limit")).isEqualTo(PermitLedger.Outcome.Waiting);
        assertThat(ask(instance("y"), "step/s/1", "a-limit", "b-limit")).isEqualTo(PermitLedger.Outcome.Waiting);
        assertThat(permits()).hasSize(2);
    }

    @Test
    void aLostRaceForTheSerializingWriteLeavesNoPermitBehind() {
        limit("db", 2);
        server.expect().patch().withPath("/apis/baton.dev/v1alpha1/namespaces/" + NS + "/concurrencylimits/db/status")
                .andReturn(409, new StatusBuilder().withStatus("Failure").withCode(409).withReason("Conflict")
                        .withMessage("the object has been modified").build()).once();
        assertThat(ask(instance("a"), "step/s/1", "db")).isEqualTo(PermitLedger.Outcome.Raced);
        assertThat(permits()).as("its Permit was never confirmed: deleted").isEmpty();
        assertThat(granted("db")).isZero();
        assertThat(ask(instance("a"), "step/s/1", "db")).isEqualTo(PermitLedger.Outcome.Granted);
        assertThat(granted("db")).isEqualTo(1);
    }

    /**
     * The serializing write carries the resourceVersion of the read the grant was decided on as a precondition:
     * decided on a stale read (another grant came in between), it is refused and leaves nothing behind.
     */
    @Test
    void aGrantDecidedOnAStaleReadIsRefused() {
        limit("db", 1);
        ConcurrencyLimit stale = client.resources(ConcurrencyLimit.class).inNamespace(NS).withName("db").get();
        client.resources(ConcurrencyLimit.class).inNamespace(NS).withName("db").edit(l -> {
            l.getMetadata().setAnnotations(Map.of("touched", "yes"));
            return l;
        });
        server.expect().get().withPath("/apis/baton.dev/v1alpha1/namespaces/" + NS + "/concurrencylimits/db")
                .andReturn(200, stale).once();
        assertThat(ask(instance("a"), "step/s/1", "db")).isEqualTo(PermitLedger.Outcome.Raced);
        assertThat(permits()).isEmpty();
        assertThat(granted("db")).isZero();
        assertThat(ask(instance("a"), "step/s/1", "db")).as("asked again on a fresh read").isEqualTo(PermitLedger.Outcome.Granted);
        assertThat(granted("db")).isEqualTo(1);
    }

    @Test
    void aCrashedPassesUnconfirmedPermitIsConfirmedByItsHolderOrDeletedWhenItMayNotRun() {
        limit("db", 1);
        leftover("a", "step/s/1");
        assertThat(ask(instance("a"), "step/s/1", "db")).isEqualTo(PermitLedger.Outcome.Granted);
        assertThat(permits()).singleElement().satisfies(p -> assertThat(p.getSpec().grantedAt).isNotNull());

        leftover("b", "step/s/1");
        assertThat(ask(instance("b"), "step/s/1", "db")).as("a holds the only permit").isEqualTo(PermitLedger.Outcome.Waiting);
        assertThat(permits()).singleElement().satisfies(p -> assertThat(p.getSpec().instance).isEqualTo("a"));
    }

    @Test
    void anUnknownLimitGrantsNothingAndCreatesNothing() {
        assertThat(ask(instance("a"), "step/s/1", "nope")).isEqualTo(PermitLedger.Outcome.Waiting);
        assertThat(permits()).isEmpty();
    }

    @Test
    void aLoweredLimitGrantsNothingUntilFewerHoldIt() {
        limit("db", 3);
        ask(instance("a"), "run/1", "db");
        ask(instance("b"), "run/1", "db");
        client.resources(ConcurrencyLimit.class).inNamespace(NS).withName("db").edit(l -> {
            l.getSpec().limit = 1;
            return l;
        });
        assertThat(ask(instance("c"), "run/1", "db")).isEqualTo(PermitLedger.Outcome.Waiting);
        assertThat(permits()).hasSize(2);
    }

    @Test
    void theHoldersOfAStatusAreTheUnendedRunAndItsWaitingOrRunningSteps() {
        WorkflowInstanceStatus s = new WorkflowInstanceStatus();
        s.phase = InstancePhase.Running;
        s.run = 2;
        s.steps = new java.util.ArrayList<>(List.of(step("wait", StepPhase.WaitingForPermit, 1), step("run", StepPhase.Running, 3),
                step("done", StepPhase.Succeeded, 1), step("later", StepPhase.Pending, 1)));
        assertThat(PermitLedger.holders(s)).isEqualTo(Set.of("run/2", "step/wait/1", "step/run/3"));
        s.phase = InstancePhase.Failed;
        assertThat(PermitLedger.holders(s)).as("an ended run holds nothing").isEmpty();
    }

    private static StepStatus step(String name, StepPhase phase, int firstAttempt) {
        StepStatus st = new StepStatus();
        st.name = name;
        st.phase = phase;
        st.firstAttempt = firstAttempt;
        return st;
    }

    /** A Permit a pass created before it crashed, its grant never confirmed. */
    private void leftover(String instance, String holder) {
        Permit p = new Permit();
        p.setMetadata(new ObjectMetaBuilder().withName(ChildNames.permit("db", "uid-" + instance, holder)).withNamespace(NS)
                .addToLabels(Labels.PERMIT, "db").addToLabels(Labels.INSTANCE, instance).build());
        p.setSpec(new PermitSpec());
        p.getSpec().limit = "db";
        p.getSpec().instance = instance;
        p.getSpec().holder = holder;
        client.resource(p).create();
    }
}
