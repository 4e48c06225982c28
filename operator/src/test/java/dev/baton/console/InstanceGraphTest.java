package dev.baton.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Expressions;
import dev.baton.engine.Specs;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The graph of examples/conditional.yaml as the console draws it: seven nodes, and which edges let their step run. */
class InstanceGraphTest {
    private final InstanceGraph graphs = new InstanceGraph(new Expressions());

    private static String conditionalSpec() throws Exception {
        String yaml = Files.readString(Path.of("../examples/conditional.yaml"));
        // The Workflow document's spec, as JSON (which is YAML too).
        return dev.baton.engine.Json.write(Specs.tree(yaml.split("\n---\n")[0]).get("spec"));
    }

    @Test
    void conditionalRunShowsTheSkippedBranchAndTheSatisfiedCondition() throws Exception {
        var definition = Specs.parse(conditionalSpec());
        WorkflowInstance run = ConsoleFixtures.instance("ns", "conditional-1", "conditional", InstancePhase.Succeeded, Instant.now());
        run.getStatus().params = Map.of("p", 15L);
        run.getStatus().steps = List.of(ConsoleFixtures.step("a", StepPhase.Succeeded), ConsoleFixtures.step("b", StepPhase.Succeeded),
                ConsoleFixtures.step("c", StepPhase.Succeeded), ConsoleFixtures.step("d", StepPhase.Skipped),
                ConsoleFixtures.step("e", StepPhase.Skipped), ConsoleFixtures.step("f", StepPhase.Succeeded),
                ConsoleFixtures.step("g", StepPhase.Succeeded));
        var view = graphs.of(run, definition);
        assertThat(view.nodes()).extracting(InstanceGraph.Node::name).containsExactly("a", "b", "c", "d", "e", "f", "g");
        assertThat(view.nodes()).filteredOn(n -> n.phase().equals("Skipped")).extracting(InstanceGraph.Node::name).containsExactly("d", "e");
        assertThat(edge(view, "c", "d")).isEqualTo(new InstanceGraph.Edge("c", "d", "params.p < 0", InstanceGraph.EdgeState.unsatisfied, "false"));
        assertThat(edge(view, "c", "f")).isEqualTo(new InstanceGraph.Edge("c", "f", "params.p >= 0", InstanceGraph.EdgeState.satisfied, "true"));
        assertThat(edge(view, "d", "e").state()).isEqualTo(InstanceGraph.EdgeState.unsatisfied);
        assertThat(edge(view, "d", "e").detail()).isEqualTo("d is Skipped");
        assertThat(edge(view, "e", "f").state()).isEqualTo(InstanceGraph.EdgeState.unsatisfied);
        assertThat(edge(view, "f", "g").state()).isEqualTo(InstanceGraph.EdgeState.satisfied);
    }

    @Test
    void edgesOfStepsThatHaveNotEndedArePending() throws Exception {
        var definition = Specs.parse(conditionalSpec());
        WorkflowInstance run = ConsoleFixtures.instance("ns", "conditional-2", "conditional", InstancePhase.Running, Instant.now());
        run.getStatus().params = Map.of("p", 15L);
        run.getStatus().steps = List.of(ConsoleFixtures.step("a", StepPhase.Succeeded), ConsoleFixtures.step("b", StepPhase.Running));
        var view = graphs.of(run, definition);
        assertThat(edge(view, "a", "b").state()).isEqualTo(InstanceGraph.EdgeState.satisfied);
        assertThat(edge(view, "b", "c").state()).isEqualTo(InstanceGraph.EdgeState.pending);
        assertThat(edge(view, "c", "f").state()).isEqualTo(InstanceGraph.EdgeState.pending);
        assertThat(view.nodes()).filteredOn(n -> n.name().equals("g")).extracting(InstanceGraph.Node::phase).containsExactly("Pending");
    }

    private static InstanceGraph.Edge edge(InstanceGraph.View view, String from, String to) {
        return view.edges().stream().filter(e -> e.from().equals(from) && e.to().equals(to)).findFirst().orElseThrow();
    }
}
