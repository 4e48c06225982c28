package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.Definition;
import dev.baton.engine.model.EventReason;
import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Steps that hold permits of shared concurrency limits (permits): what the compiler reads, and how the planner waits. */
class PermitsTest {
    private static final String TWO_STEPS = """
            steps:
              - {name: extract, bash: {script: x}}
              - {name: load, dependsOn: [extract], permits: [warehouse, db], bash: {script: x}}
            """;

    /** Grants by holder and permit, as the reconciler's caches would show them. */
    private static final class Granted implements PermitView {
        final Set<String> granted = new HashSet<>();

        void grant(String holder, String permit) {
            granted.add(holder + "|" + permit);
        }

        @Override
        public boolean granted(String holder, String permit) {
            return granted.contains(holder + "|" + permit);
        }

        @Override
        public String state(String permit) {
            return "2 of 2 held";
        }
    }

    @Test
    void theCompilerReadsPermitsOfStepsWorkflowsAndForeachBodies() {
        Definition d = Specs.parse("""
                permits: [nightly]
                steps:
                  - {name: load, permits: [warehouse, db], bash: {script: x}}
                  - name: each
                    permits: [outer]
                    foreach:
                      params: {i: [1, 2]}
                      permits: [per-iteration]
                      steps: [{name: inner, permits: [db], bash: {script: x}}]
                """);
        assertThat(d.permits()).containsExactly("nightly");
        assertThat(d.step("load").permits().held()).as("sorted: taken in name order").containsExactly("db", "warehouse");
        assertThat(d.step("each").permits().held()).containsExactly("outer");
        assertThat(d.step("each").permits().body()).containsExactly("per-iteration");
        Definition body = d.body(List.of("each"));
        assertThat(body.permits()).as("an iteration holds its foreach's body permits").containsExactly("per-iteration");
        assertThat(body.step("inner").permits().held()).containsExactly("db");
    }

    @Test
    void badPermitNamesAreFieldErrors() {
        List<FieldError> errors = Specs.errors("""
                permits: [Nightly]
                steps:
                  - {name: a, permits: [db, db], bash: {script: x}}
                  - {name: b, permits: [a, b, c, d, e, f, g, h, i, j, k], bash: {script: x}}
                  - name: w
                    while: {condition: "false", permits: [db], steps: [{name: c, permits: [7], bash: {script: x}}]}
                """);
        assertThat(errors).extracting(FieldError::field).contains("spec.permits[0]", "spec.steps[0].permits[1]",
                "spec.steps[1].permits", "spec.steps[2].while.permits", "spec.steps[2].while.steps[0].permits[0]");
        assertThat(errors.toString()).contains("\"Nightly\" is not a ConcurrencyLimit name", "permit db is listed twice",
                "at most 10 entries");
    }

    @Test
    void aStepWaitsForItsPermitsAsksForThemAndStartsOnceGranted() {
        Granted granted = new Granted();
        RunSimulator run = new RunSimulator(TWO_STEPS, Map.of());
        run.permits = granted;
        run.tick();
        run.tick();
        assertThat(run.step("load").phase()).isEqualTo(StepPhase.WaitingForPermit);
        assertThat(run.step("load").message()).isEqualTo("waiting for permits db (2 of 2 held), warehouse (2 of 2 held)");
        assertThat(run.last.permits()).containsExactly(new Plan.PermitRequest("step/load/1", List.of("db", "warehouse")));
        assertThat(run.events).extracting(Plan.PlanEvent::reason).contains(EventReason.StepWaitingForPermit);
        assertThat(run.launched).extracting(Plan.Launch::step).containsExactly("extract");
        assertThat(run.last.phase()).isEqualTo(InstancePhase.Running);

        granted.grant("step/load/1", "db");
        run.tick();
        assertThat(run.step("load").phase()).as("one of two is not enough").isEqualTo(StepPhase.WaitingForPermit);
        assertThat(run.step("load").message()).isEqualTo("waiting for permit warehouse (2 of 2 held)");

        granted.grant("step/load/1", "warehouse");
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(run.launched).extracting(Plan.Launch::step).containsExactly("extract", "load");
        assertThat(run.last.permits()).isEmpty();
    }

    @Test
    void theWaitStartsWhenTheStepBecameReadyAndIsKeptAcrossPasses() {
        RunSimulator run = new RunSimulator(TWO_STEPS, Map.of());
        run.tick();
        run.tick();
        var since = run.step("load").start();
        run.tick();
        run.tick();
        assertThat(run.step("load").start()).as("the queue's first come first served reads it").isEqualTo(since);
    }

    @Test
    void aSuspendedRunOrAStepAtItsBreakpointAsksForNoPermit() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: a, permits: [db], breakpoint: true, bash: {script: x}}
                """, Map.of());
        run.tick();
        assertThat(run.last.permits()).isEmpty();
        assertThat(run.step("a").message()).contains("paused at its breakpoint");
        run.controls = new Controls(true, Controls.Stop.None, null, Set.of("a"), List.of(), Set.of(), Set.of());
        run.tick();
        assertThat(run.last.permits()).isEmpty();
        run.controls = new Controls(false, Controls.Stop.None, null, Set.of("a"), List.of(), Set.of(), Set.of());
        run.tick();
        assertThat(run.last.permits()).containsExactly(new Plan.PermitRequest("step/a/1", List.of("db")));
    }

    @Test
    void aStepWaitingForAPermitIsSkippedLikeAnyWaitingStep() {
        RunSimulator run = new RunSimulator(TWO_STEPS, Map.of());
        run.tick();
        run.tick();
        assertThat(run.step("load").phase()).isEqualTo(StepPhase.WaitingForPermit);
        run.ask("skip-it", StepRequest.Kind.Skip, "load");
        run.tick();
        assertThat(run.step("load").phase()).isEqualTo(StepPhase.Skipped);
    }

    @Test
    void aRestartedStepIsANewHolder() {
        Granted granted = new Granted();
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: a, permits: [db], bash: {script: x}}
                """, Map.of());
        run.permits = granted;
        granted.grant("step/a/1", "db");
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        run.ask("again", StepRequest.Kind.Restart, "a");
        run.tick();
        assertThat(run.step("a").phase()).as("the grant of its first run does not count").isEqualTo(StepPhase.WaitingForPermit);
        assertThat(run.last.permits()).containsExactly(new Plan.PermitRequest("step/a/2", List.of("db")));
    }
}
