package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.Notify;
import dev.baton.engine.model.SecretRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a run owes its notify entries, each once, and how notify is read. */
class NotificationsTest {
    private static final Instant START = Instant.parse("2026-11-24T00:00:00Z");
    private static final List<Notify> ENTRIES = Specs.parse("""
            steps: [{name: a, noop: {}}]
            notify:
              - events: [Started, Succeeded, Failed, StepFailed]
                webhook: {url: "https://hooks.example/x", secretRef: {name: hook, key: token}, format: Slack}
              - events: [SlaExceeded]
                sla: 1h
                webhook: {url: "http://10.0.0.1:8080/alerts"}
            """).notifications();

    private static Notifications.RunView run(InstancePhase phase, Instant end, Notifications.FailedStep... failed) {
        return new Notifications.RunView("uid", 1, phase, START, end, List.of(failed));
    }

    private static List<String> ids(Notifications.Verdict v) {
        return v.due().stream().map(Notifications.Due::id).toList();
    }

    @Test
    void notifyIsReadWithItsDefaults() {
        assertThat(ENTRIES.get(0).secret()).isEqualTo(new SecretRef("hook", "token"));
        assertThat(ENTRIES.get(0).header()).isEqualTo("Authorization");
        assertThat(ENTRIES.get(0).format()).isEqualTo(Notify.Format.Slack);
        assertThat(ENTRIES.get(1).sla()).isEqualTo(Duration.ofHours(1));
        assertThat(ENTRIES.get(1).format()).isEqualTo(Notify.Format.Json);
    }

    @Test
    void eachEventIsOwedOnceUntilDelivered() {
        var running = Notifications.of(ENTRIES, run(InstancePhase.Running, null), Set.of(), START.plusSeconds(60));
        assertThat(ids(running)).containsExactly("uid/1/Started/0");
        assertThat(running.wakeAt()).as("the SLA's deadline").isEqualTo(START.plus(Duration.ofHours(1)));
        var failed = Notifications.of(ENTRIES, run(InstancePhase.Failed, START.plusSeconds(90),
                new Notifications.FailedStep("a", 1, "HTTP 500")), Set.of("uid/1/Started/0"), START.plusSeconds(90));
        assertThat(ids(failed)).containsExactly("uid/1/Failed/0", "uid/1/StepFailed/a.1/0");
        assertThat(failed.due().get(1).message()).isEqualTo("step a failed: HTTP 500");
        assertThat(failed.wakeAt()).as("an ended run has no SLA left").isNull();
    }

    @Test
    void theSlaFiresWhenItPassesEvenIfNothingHappensAndOnlyOnce() {
        var stuck = Notifications.of(ENTRIES, run(InstancePhase.Running, null), Set.of("uid/1/Started/0"), START.plus(Duration.ofHours(1)));
        assertThat(ids(stuck)).containsExactly("uid/1/SlaExceeded/1");
        assertThat(Notifications.of(ENTRIES, run(InstancePhase.Running, null), Set.of("uid/1/Started/0", "uid/1/SlaExceeded/1"),
                START.plus(Duration.ofHours(2))).due()).isEmpty();
        var late = Notifications.of(ENTRIES, run(InstancePhase.Succeeded, START.plus(Duration.ofHours(3))), Set.of("uid/1/Started/0",
                "uid/1/Succeeded/0"), START.plus(Duration.ofHours(5)));
        assertThat(ids(late)).as("an operator down at the deadline still owes it").containsExactly("uid/1/SlaExceeded/1");
        var inTime = Notifications.of(ENTRIES, run(InstancePhase.Succeeded, START.plusSeconds(5)), Set.of("uid/1/Started/0",
                "uid/1/Succeeded/0"), START.plus(Duration.ofHours(5)));
        assertThat(inTime.due()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[{events: [Started], webhook: {url: 'ftp://x/'}}]                        | spec.notify[0].webhook.url: must be an http:// or https:// URL",
            "[{events: [Started], webhook: {url: 'http://x/${params.a}'}}]            | spec.notify[0].webhook.url",
            "[{events: [SlaExceeded], webhook: {url: 'http://x/'}}]                   | spec.notify[0].sla: SlaExceeded needs an sla",
            "[{events: [SlaExceeded], sla: soon, webhook: {url: 'http://x/'}}]        | spec.notify[0].sla",
            "[{events: [Started], sla: 1h, webhook: {url: 'http://x/'}}]              | spec.notify[0].sla: is read only with SlaExceeded",
            "[{events: [Finished], webhook: {url: 'http://x/'}}]                      | spec.notify[0].events: \"Finished\" is not one of",
            "[{events: [], webhook: {url: 'http://x/'}}]                              | spec.notify[0].events: required",
            "[{events: [Started]}]                                                    | spec.notify[0].webhook: required",
            "[{events: [Started], webhook: {url: 'http://x/', secretRef: {name: s}}}] | spec.notify[0].webhook.secretRef.key: required",
            "[{events: [Started], webhook: {url: 'http://x/', format: Teams}}]        | spec.notify[0].webhook.format: must be one of"})
    void badNotifyIsRefusedNamingTheField(String notify, String error) {
        List<FieldError> errors = Specs.errors("steps: [{name: a, noop: {}}]\nnotify: " + notify);
        assertThat(errors).extracting(FieldError::toString).anySatisfy(e -> assertThat(e).contains(error));
    }
}
