package dev.baton.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.api.ForeachStatus;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A window of a 10,000-iteration foreach: live iterations from the cache, ended ones folded, later ones not started. */
class IterationPageTest {
    @Test
    void aPageOfAHugeForeachShowsWhatIsKnownOfEachIteration() {
        WorkflowInstance parent = ConsoleFixtures.instance("ns", "big-1", "big", InstancePhase.Running, Instant.parse("2026-12-01T00:00:00Z"));
        var step = ConsoleFixtures.step("each", StepPhase.Running);
        step.foreach = new ForeachStatus();
        step.foreach.total = 10_000L;
        step.foreach.nextIndex = 5_020L;
        step.foreach.unfinished = List.of(5_000L, 5_001L, 5_019L);
        List<WorkflowInstance> tree = new ArrayList<>(List.of(parent));
        tree.add(ConsoleFixtures.child(parent, "each", 5_000, InstancePhase.Running));
        tree.add(ConsoleFixtures.child(parent, "each", 5_001, InstancePhase.Succeeded));
        tree.add(ConsoleFixtures.child(parent, "other", 5_002, InstancePhase.Running));

        var page = IterationPage.of(parent, step, tree, 4_990, 50);
        assertThat(page.total()).isEqualTo(10_000);
        assertThat(page.items()).hasSize(50);
        assertThat(page.items().get(0)).extracting(IterationPage.Iteration::index, IterationPage.Iteration::phase).containsExactly(4_990L, "Ended");
        assertThat(page.items().get(10)).extracting(IterationPage.Iteration::instance, IterationPage.Iteration::phase)
                .containsExactly("big-1-each-5000", "Running");
        assertThat(page.items().get(11).phase()).isEqualTo("Succeeded");
        assertThat(page.items().get(12).phase()).as("another step's child is not this step's").isEqualTo("Ended");
        assertThat(page.items().get(29).phase()).as("created, not in the cache yet").isEqualTo("Pending");
        assertThat(page.items().get(30).phase()).isEqualTo("NotStarted");

        assertThat(IterationPage.of(parent, step, tree, 9_990, 50).items()).hasSize(10);
        assertThatThrownBy(() -> IterationPage.of(parent, step, tree, 0, 10_000)).hasMessageContaining("limit");
    }
}
