package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Steps that wait for signals before they start (waitForSignals) and emit signals when they succeed (emitSignals). */
class SignalStepsTest {
    private static final String WAITS = """
            params: {date: {type: string}}
            steps:
              - {name: extract, bash: {script: x}}
              - name: load
                dependsOn: [extract]
                waitForSignals: [{name: orders-ready, match: "signal.params.date == params.date && signal.params.rows > 0"}]
                params: {rows: "${signals['orders-ready'].params.rows}"}
                bash: {script: x}
              - name: report
                dependsOn: [load]
                params: {from: "${steps['load'].signals['orders-ready'].object}"}
                bash: {script: x}
            """;

    @Test
    void aStepWaitsForAMatchingSignalThenStartsReadingIt() {
        RunSimulator run = new RunSimulator(WAITS, Map.of("date", "2026-12-01"));
        run.tick();
        run.tick();
        assertThat(run.step("extract").phase()).isEqualTo(StepPhase.Succeeded);
        assertThat(run.step("load").phase()).isEqualTo(StepPhase.WaitingForSignal);
        assertThat(run.step("load").message()).isEqualTo("waiting for signal orders-ready");
        assertThat(run.events).extracting(Plan.PlanEvent::reason).contains(dev.baton.engine.model.EventReason.StepWaitingForSignal);

        run.signal("orders-ready", "other-day", Map.of("date", "2026-11-30", "rows", 5));
        run.signal("orders-ready", "empty", Map.of("date", "2026-12-01", "rows", 0));
        run.signal("other", "not-listened", Map.of("date", "2026-12-01", "rows", 5));
        run.signal("orders-ready", "no-rows-key", Map.of("date", "2026-12-01"));
        run.tick();
        assertThat(run.step("load").phase()).as("no signal matches yet").isEqualTo(StepPhase.WaitingForSignal);
        assertThat(run.launched).extracting(Plan.Launch::step).containsExactly("extract");

        run.signal("orders-ready", "good", Map.of("date", "2026-12-01", "rows", 42));
        run.signal("orders-ready", "later", Map.of("date", "2026-12-01", "rows", 7));
        assertThat(run.runToEnd().phase()).as(run.steps.toString()).isEqualTo(InstancePhase.Succeeded);
        assertThat(run.step("load").params()).containsEntry("rows", 42);
        assertThat(run.step("load").signals().get("orders-ready").object()).isEqualTo("good");
        assertThat(run.step("report").params()).containsEntry("from", "good");
    }

    @Test
    void aSignalOlderThanTheRunDoesNotCountUnlessTheWaitSaysAny() {
        String spec = """
                steps:
                  - name: a
                    waitForSignals: [{name: go}]
                    bash: {script: x}
                  - name: b
                    waitForSignals: [{name: go, since: Any}]
                    bash: {script: x}
                """;
        RunSimulator run = new RunSimulator(spec, Map.of());
        run.now = run.now.minusSeconds(60);
        run.signal("go", "yesterday", Map.of());
        run.now = run.now.plusSeconds(60);
        run.tick();
        assertThat(run.step("a").phase()).isEqualTo(StepPhase.WaitingForSignal);
        assertThat(run.step("b").phase()).isEqualTo(StepPhase.Running);
        assertThat(run.step("b").signals().get("go").object()).isEqualTo("yesterday");
    }

    @Test
    void sinceStepCountsOnlySignalsFromWhenTheStepBecameReady() {
        String spec = """
                steps:
                  - {name: a, bash: {script: x}}
                  - name: b
                    dependsOn: [a]
                    waitForSignals: [{name: go, since: Step}]
                    bash: {script: x}
                """;
        RunSimulator run = new RunSimulator(spec, Map.of());
        run.signal("go", "before-b-was-ready", Map.of());
        run.tick();
        run.tick();
        run.tick();
        assertThat(run.step("b").phase()).isEqualTo(StepPhase.WaitingForSignal);
        run.signal("go", "after", Map.of());
        run.runToEnd();
        assertThat(run.step("b").signals().get("go").object()).isEqualTo("after");
    }

    @Test
    void theOldestMatchingSignalIsChosenWhateverOrderTheCacheGivesThem() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: a, waitForSignals: [{name: go}], bash: {script: x}}
                """, Map.of());
        run.tick();
        run.signal("go", "first", Map.of());
        run.now = run.now.plusSeconds(1);
        run.signal("go", "second", Map.of());
        java.util.Collections.reverse(run.signals.get("go"));
        run.runToEnd();
        assertThat(run.step("a").signals().get("go").object()).isEqualTo("first");
    }

    @Test
    void everyListedSignalMustArrive() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: a, waitForSignals: [{name: orders}, {name: customers}], bash: {script: x}}
                """, Map.of());
        run.tick();
        run.signal("orders", "o", Map.of());
        run.tick();
        assertThat(run.step("a").phase()).isEqualTo(StepPhase.WaitingForSignal);
        assertThat(run.step("a").message()).isEqualTo("waiting for signal customers");
        assertThat(run.step("a").signals()).containsOnlyKeys("orders");
        run.signal("customers", "c", Map.of());
        run.tick();
        assertThat(run.step("a").phase()).isEqualTo(StepPhase.Running);
    }

    @Test
    void theStepsTimeoutBoundsTheWait() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: a, timeout: 2m, waitForSignals: [{name: go}], bash: {script: x}}
                """, Map.of());
        java.time.Instant start = run.now;
        run.tick();
        run.now = start.plus(Duration.ofSeconds(119));
        run.tick();
        assertThat(run.step("a").phase()).isEqualTo(StepPhase.WaitingForSignal);
        run.now = start.plus(Duration.ofSeconds(120));
        assertThat(run.tick().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.step("a").phase()).isEqualTo(StepPhase.Failed);
        assertThat(run.step("a").message()).isEqualTo("waited its timeout of 2m0s for signal go");
        assertThat(run.launched).isEmpty();
    }

    @Test
    void aWaitingStepWakesItsInstanceAtItsTimeoutAndSoonAfterItBeganToWait() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: a, timeout: 1h, waitForSignals: [{name: go}], bash: {script: x}}
                """, Map.of());
        java.time.Instant start = run.now;
        assertThat(run.tick().wakeAt()).isEqualTo(start.plus(SignalWaits.FIRST_RECHECK));
        java.time.Instant second = run.now;
        assertThat(run.tick().wakeAt()).isEqualTo(second.plus(SignalWaits.RECHECK));
        run.now = start.plus(Duration.ofMinutes(55));
        assertThat(run.tick().wakeAt()).as("the timeout comes before the next recheck").isEqualTo(start.plus(Duration.ofHours(1)));
    }

    @Test
    void stoppingTheRunStopsAWaitingStep() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: a, waitForSignals: [{name: go}], bash: {script: x}}
                """, Map.of());
        run.tick();
        run.controls = new Controls(false, Controls.Stop.Stop, null, java.util.Set.of());
        assertThat(run.tick().phase()).isEqualTo(InstancePhase.Stopped);
        assertThat(run.step("a").phase()).isEqualTo(StepPhase.Stopped);
    }

    @Test
    void aSuspendedRunMatchesTheSignalButStartsTheStepOnlyWhenResumed() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: a, waitForSignals: [{name: go}], bash: {script: x}}
                """, Map.of());
        run.tick();
        run.controls = new Controls(true, Controls.Stop.None, null, java.util.Set.of());
        run.signal("go", "g", Map.of());
        assertThat(run.tick().phase()).isEqualTo(InstancePhase.Paused);
        assertThat(run.launched).isEmpty();
        assertThat(run.step("a").signals()).containsOnlyKeys("go");
        run.controls = Controls.NONE;
        run.tick();
        assertThat(run.launched).extracting(Plan.Launch::step).containsExactly("a");
    }

    @Test
    void aLoopStepWaitsBeforeItsFirstIteration() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - name: each
                    waitForSignals: [{name: go}]
                    foreach:
                      params: {n: [1, 2]}
                      steps: [{name: s, bash: {script: x}}]
                """, Map.of());
        run.tick();
        assertThat(run.step("each").phase()).isEqualTo(StepPhase.WaitingForSignal);
        assertThat(run.createdChildren).isEmpty();
        run.signal("go", "g", Map.of());
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(run.createdChildren).hasSize(2);
    }

    @Test
    void aStepEmitsItsSignalsOnceWhenItSucceedsWithParamsFromItsOutputs() {
        RunSimulator run = new RunSimulator("""
                params: {date: {type: string}}
                steps:
                  - name: extract
                    emitSignals:
                      - {name: orders-ready, params: {date: "${params.date}", rows: "${outputs.rows}"}}
                      - {name: audit}
                    bash: {script: x}
                  - {name: after, dependsOn: [extract], bash: {script: x}}
                """, Map.of("date", "2026-12-01"));
        run.outcome = l -> run.ended(l, dev.baton.engine.model.AttemptOutcome.Succeeded, 0,
                l.step().equals("extract") ? Map.of("rows", 42) : Map.of());
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Succeeded);
        assertThat(run.emitted).extracting(e -> e.step() + " " + e.index() + " " + e.name() + " " + e.params())
                .containsExactly("extract 0 orders-ready {date=2026-12-01, rows=42}", "extract 1 audit {}");
    }

    @Test
    void aFailedStepEmitsNothing() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - {name: a, emitSignals: [{name: done}], bash: {script: x}}
                """, Map.of());
        run.outcome = l -> run.ended(l, dev.baton.engine.model.AttemptOutcome.UserError, 1, Map.of());
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.emitted).isEmpty();
    }

    @Test
    void anEmittedParamThatCannotBeEvaluatedFailsTheStepAndEmitsNothing() {
        RunSimulator run = new RunSimulator("""
                steps:
                  - name: a
                    emitSignals: [{name: ok}, {name: bad, params: {rows: "${outputs.rows + 1}"}}]
                    bash: {script: x}
                """, Map.of());
        assertThat(run.runToEnd().phase()).isEqualTo(InstancePhase.Failed);
        assertThat(run.step("a").message()).startsWith("its signals were not emitted: emitSignals[1].params.rows: ");
        assertThat(run.emitted).isEmpty();
    }

    @Test
    void badSignalFieldsAreRefusedNamingTheField() {
        List<String> errors = Specs.errors("""
                steps:
                  - name: a
                    waitForSignals:
                      - {name: "Not A Name"}
                      - {name: ok, match: "signal.params.x + 1"}
                      - {name: ok2, since: Yesterday}
                      - {name: ok2}
                      - {name: ok3, extra: 1}
                    emitSignals: [{name: out, params: {x: "${nothing.here}"}}, {params: {}}]
                    params: {p: "${outputs.x}"}
                    bash: {script: x}
                  - name: b
                    params: {p: "${signals['x'].params}"}
                    bash: {script: x}
                """).stream().map(FieldError::toString).toList();
        assertThat(errors).anySatisfy(e -> assertThat(e).startsWith("spec.steps[0].waitForSignals[0].name: a Signal's name"))
                .anySatisfy(e -> assertThat(e).startsWith("spec.steps[0].waitForSignals[1].match: "))
                .anySatisfy(e -> assertThat(e).startsWith("spec.steps[0].waitForSignals[2].since: "))
                .anySatisfy(e -> assertThat(e).startsWith("spec.steps[0].waitForSignals[3].name: the step waits for signal ok2 twice"))
                .anySatisfy(e -> assertThat(e).startsWith("spec.steps[0].waitForSignals[4]"))
                .anySatisfy(e -> assertThat(e).startsWith("spec.steps[0].emitSignals[0].params.x: "))
                .anySatisfy(e -> assertThat(e).startsWith("spec.steps[0].emitSignals[1].name: "))
                .anySatisfy(e -> assertThat(e).startsWith("spec.steps[0].params.p: "))
                .anySatisfy(e -> assertThat(e).startsWith("spec.steps[1].params.p: "));
    }
}
