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
    void requestsOnTheWorkflowAreNoSpecErrors() {
        assertThat(Specs.errors("stopInstances: {id: x, mode: Kill}\n" + STEPS)).isEmpty();
    }
}
