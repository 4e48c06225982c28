package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.StepStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every example of examples/ runs to its expected end on the real control plane. */
@ExtendWith(BatonCluster.class)
class ExamplesIT {
    private static final Duration END = Duration.ofSeconds(90);

    @Test
    void hello(TestNamespace ns) throws Exception {
        ns.applyFile("examples/hello.yaml");
        WorkflowInstance i = ns.awaitEnd("hello-1", END);
        assertThat(i.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(i.getStatus().progress).isEqualTo("1/1");
        StepStatus greet = ns.step("hello-1", "greet");
        assertThat(greet.params).containsEntry("WHO", "world");
        assertThat(greet.attempts).hasSize(1);
        assertThat(greet.attempts.get(0).job).isEqualTo("hello-1-greet-1");
        Job job = ns.client().batch().v1().jobs().inNamespace(ns.name()).withName("hello-1-greet-1").get();
        var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getCommand()).containsExactly("bash", "-c", ns.workflow("hello").getSpec().steps.get(0).bash.script);
        assertThat(container.getEnv()).anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("WHO=world"));
        assertThat(container.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
        assertThat(job.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo("hello-1"));
        assertThat(ns.kubectl(null, "get", "bwfi", "hello-1").output()).contains("hello", "Succeeded", "1/1");
    }

    @Test
    void cronBackfillsThreeNightsAndShowsTheNextRun(TestNamespace ns) throws Exception {
        ns.applyFile("examples/cron.yaml");
        for (String night : List.of("01", "02", "03")) {
            String name = "nightly-report-nightly-202611" + night + "-013000"; // 02:30 in Berlin is 01:30 UTC in November
            org.awaitility.Awaitility.await().atMost(END).until(() -> ns.instance(name) != null);
            WorkflowInstance i = ns.awaitEnd(name, END);
            assertThat(i.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
            assertThat(ns.step(name, "report").params).containsEntry("DATE", "2026-11-" + night);
            assertThat(i.getMetadata().getLabels()).containsEntry("baton.dev/trigger", "nightly");
        }
        var status = ns.workflow("nightly-report").getStatus();
        assertThat(status.backfill).endsWith(": 3 fires, 3 started, 0 had run already");
        assertThat(Instant.parse(status.nextRun)).isAfter(Instant.now());
        assertThat(ns.kubectl(null, "get", "bwf", "nightly-report").output()).contains("NEXT RUN", status.nextRun);
    }

    @Test
    void signalsJoinOrdersAndCustomersOfADate(TestNamespace ns) throws Exception {
        ns.applyFile("examples/signals.yaml");
        org.awaitility.Awaitility.await().atMost(END).until(() -> !ns.client().resources(WorkflowInstance.class)
                .inNamespace(ns.name()).withLabel("baton.dev/trigger", "both-ready").list().getItems().isEmpty());
        WorkflowInstance started = ns.client().resources(WorkflowInstance.class).inNamespace(ns.name())
                .withLabel("baton.dev/trigger", "both-ready").list().getItems().get(0);
        WorkflowInstance i = ns.awaitEnd(started.getMetadata().getName(), END);
        assertThat(i.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(ns.step(i.getMetadata().getName(), "join").params).containsEntry("DATE", "2026-11-24").containsEntry("CUSTOMERS", 310);
        assertThat(ns.kubectl(null, "get", "bsig").output()).contains("SIGNAL", "orders-ready", "customers-ready");

        // The join emitted report-ready, which started the mailer; its step waited for the approval.
        org.awaitility.Awaitility.await().atMost(END).until(() -> !ns.client().resources(WorkflowInstance.class)
                .inNamespace(ns.name()).withLabel("baton.dev/trigger", "on-report").list().getItems().isEmpty());
        WorkflowInstance mailer = ns.awaitEnd(ns.client().resources(WorkflowInstance.class).inNamespace(ns.name())
                .withLabel("baton.dev/trigger", "on-report").list().getItems().get(0).getMetadata().getName(), END);
        assertThat(mailer.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(mailer.getSpec().params).containsEntry("date", "2026-11-24");
        StepStatus mail = ns.step(mailer.getMetadata().getName(), "mail");
        assertThat(mail.params).containsEntry("APPROVER", "ops");
        assertThat(mail.signals).singleElement().satisfies(s -> assertThat(s.signal).isEqualTo("report-approved-2026-11-24"));
    }

    @Test
    void diamondRunsBranchesInParallelAndJoins(TestNamespace ns) throws Exception {
        ns.applyFile("examples/diamond.yaml");
        WorkflowInstance i = ns.awaitEnd("diamond-1", END);
        assertThat(i.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        Map<String, StepStatus> steps = i.getStatus().steps.stream().collect(Collectors.toMap(s -> s.name, s -> s));
        assertThat(steps.values()).allSatisfy(s -> assertThat(s.phase).isEqualTo(StepPhase.Succeeded));
        Instant load = Instant.parse(steps.get("load").startTime);
        assertThat(load).isAfterOrEqualTo(Instant.parse(steps.get("transform-a").completionTime));
        assertThat(load).isAfterOrEqualTo(Instant.parse(steps.get("transform-b").completionTime));
        assertThat(Instant.parse(steps.get("transform-a").startTime))
                .isAfterOrEqualTo(Instant.parse(steps.get("extract").completionTime));
        assertThat(ns.jobs()).hasSize(4);
    }

    @Test
    void maestroConditionalExampleSkipsTheFalseBranch(TestNamespace ns) throws Exception {
        ns.applyFile("examples/conditional.yaml");
        WorkflowInstance i = ns.awaitEnd("conditional-1", END);
        assertThat(i.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        Map<String, StepPhase> phases = i.getStatus().steps.stream().collect(Collectors.toMap(s -> s.name, s -> s.phase));
        assertThat(phases).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a", StepPhase.Succeeded, "b", StepPhase.Succeeded, "c", StepPhase.Succeeded,
                "d", StepPhase.Skipped, "e", StepPhase.Skipped, "f", StepPhase.Succeeded, "g", StepPhase.Succeeded));
        // a and g are noop steps: they run inside the operator and create no Job.
        assertThat(ns.jobs()).extracting(j -> j.getMetadata().getLabels().get("baton.dev/step"))
                .containsExactlyInAnyOrder("b", "c", "f");
    }

    @Test
    void outputsFlowIntoALaterStepsArgsAndParams(TestNamespace ns) throws Exception {
        ns.applyFile("examples/outputs-to-params.yaml");
        WorkflowInstance i = ns.awaitEnd("outputs-to-params-1", END);
        assertThat(i.getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(ns.step("outputs-to-params-1", "extract").outputs).containsEntry("rows", 42).containsEntry("table", "sales");
        assertThat(ns.step("outputs-to-params-1", "load").params).containsEntry("ROWS", 42);
        assertThat(ns.step("outputs-to-params-1", "nothing-to-load").phase).isEqualTo(StepPhase.Skipped);
        Job load = ns.client().batch().v1().jobs().inNamespace(ns.name()).withName("outputs-to-params-1-load-1").get();
        List<String> args = load.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        assertThat(args).containsExactly("echo loading $ROWS rows of sales for 2026-11-24");
        assertThat(ns.step("outputs-to-params-1", "load").attempts).singleElement()
                .satisfies(a -> assertThat(a.outcome).isEqualTo(AttemptOutcome.Succeeded));
    }

    @Test
    void aParamFromASecretIsAnEnvVarFromTheSecret(TestNamespace ns) throws Exception {
        ns.applyFile("examples/secret-param.yaml");
        assertThat(ns.awaitEnd("secret-param-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        assertThat(ns.step("secret-param-1", "call").params).containsEntry("TOKEN",
                java.util.Map.of("secretKeyRef", java.util.Map.of("name", "api-credentials", "key", "token")));
        Job job = ns.client().batch().v1().jobs().inNamespace(ns.name()).withName("secret-param-1-call-1").get();
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).filteredOn(e -> e.getName().equals("TOKEN"))
                .singleElement().satisfies(e -> {
                    assertThat(e.getValue()).isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("api-credentials");
                });
        assertThat(ns.kubectl(null, "get", "bwfi,jobs,events", "-o", "yaml").output()).doesNotContain("change-me");
    }
}
