package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.Cleanup;
import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.InstancePhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ttl and podGC as a workflow (and an instance) writes them. */
class CleanupTest {
    private static final String STEPS = "steps: [{name: a, noop: {}}]\n";
    private static final Instant END = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void byDefaultAnEndedInstanceIsKeptAWeekWithItsPods() {
        Cleanup c = Specs.parse(STEPS).cleanup();
        assertThat(c).isEqualTo(Cleanup.DEFAULT);
        assertThat(c.deleteAt(InstancePhase.Succeeded, END)).isEqualTo(END.plus(Duration.ofDays(7)));
        assertThat(c.deleteAt(InstancePhase.Failed, END)).isEqualTo(END.plus(Duration.ofDays(7)));
        assertThat(c.podGc()).isEqualTo(Cleanup.PodGc.Never);
    }

    @Test
    void afterCompletionStandsForTheOutcomeNotGivenAndNeverKeeps() {
        Cleanup c = Specs.parse("ttl: {afterSucceeded: 10m, afterCompletion: 2h}\npodGC: {strategy: OnPodSuccess}\n" + STEPS).cleanup();
        assertThat(c.deleteAt(InstancePhase.Succeeded, END)).isEqualTo(END.plusSeconds(600));
        assertThat(c.deleteAt(InstancePhase.Stopped, END)).isEqualTo(END.plusSeconds(7200));
        assertThat(c.podGc()).isEqualTo(Cleanup.PodGc.OnPodSuccess);
        Cleanup keep = Specs.parse("ttl: {afterFailed: Never}\n" + STEPS).cleanup();
        assertThat(keep.deleteAt(InstancePhase.TimedOut, END)).isNull();
        assertThat(keep.deleteAt(InstancePhase.Succeeded, END)).isEqualTo(END.plus(Cleanup.DEFAULT_TTL));
    }

    @Test
    void anInstancesOwnFieldsWinOverItsWorkflows() {
        Cleanup workflow = new Cleanup(Duration.ofHours(1), null, Cleanup.PodGc.OnPodCompletion);
        List<FieldError> errors = new java.util.ArrayList<>();
        Cleanup c = CleanupReader.forInstance(Map.of("ttl", Map.of("afterSucceeded", "5s")), workflow, errors);
        assertThat(errors).isEmpty();
        assertThat(c.deleteAt(InstancePhase.Succeeded, END)).isEqualTo(END.plusSeconds(5));
        assertThat(c.podGc()).isEqualTo(Cleanup.PodGc.OnPodCompletion);
    }

    @Test
    void badFieldsAreRefusedNamingThem() {
        assertThat(Specs.errors("ttl: {afterSucceeded: soon, later: 1h}\npodGC: {strategy: Sometimes}\n" + STEPS))
                .extracting(FieldError::toString)
                .anySatisfy(e -> assertThat(e).startsWith("spec.ttl.afterSucceeded: "))
                .anySatisfy(e -> assertThat(e).startsWith("spec.ttl.later: unknown field"))
                .anySatisfy(e -> assertThat(e).startsWith("spec.podGC.strategy: must be one of OnPodCompletion"));
    }

    @Test
    void priorityClassNameIsSetOnEveryPodUnderWhatPodTemplatesSay() {
        var d = Specs.parse("""
                priority: 7
                priorityClassName: batch-low
                defaults: {podTemplate: {metadata: {labels: {team: a}}}}
                steps:
                  - {name: a, bash: {script: x}}
                  - {name: b, bash: {script: x}, podTemplate: {spec: {priorityClassName: urgent}}}
                """);
        assertThat(d.runStrategy().priority()).isEqualTo(7);
        var a = d.step("a").leaf().podTemplates();
        assertThat(a.get(0).spec()).containsEntry("priorityClassName", "batch-low");
        assertThat(a.get(0).labels()).containsEntry("team", "a");
        var b = d.step("b").leaf().podTemplates();
        assertThat(b.get(b.size() - 1).spec()).as("the step's template comes last and wins").containsEntry("priorityClassName", "urgent");
        assertThat(Specs.errors("priorityClassName: Not_Valid\n" + STEPS)).extracting(FieldError::toString)
                .containsExactly("spec.priorityClassName: \"Not_Valid\" is not a PriorityClass name (lowercase letters, digits, '-' and '.')");
    }

    @Test
    void requestsOnTheWorkflowAreNoSpecErrors() {
        assertThat(Specs.errors("stopInstances: {id: x, mode: Kill}\n" + STEPS)).isEmpty();
    }
}
