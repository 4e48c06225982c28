package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.RunStrategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Run strategies as a table: the other instances (name:phase, in creation order; '-' = not yet
 * reconciled; "+released" for a failed one whose spec.releaseQueue is true) and what the instance under
 * test ("me", created between them at the position of '*') does.
 */
class RunQueueTest {
    @ParameterizedTest(name = "{0}({1}) with [{2}] → {3}")
    @CsvSource(delimiter = '|', value = {
            // strategy        | n | others (older ... * ... newer)            | decision
            "Sequential        |   | *                                         | Start",
            "Sequential        |   | a:Running *                               | Wait",
            "Sequential        |   | a:Succeeded *                             | Start",
            "Sequential        |   | a:Queued *                                | Wait",
            "Sequential        |   | a:- *                                     | Wait",
            "Sequential        |   | * b:Queued                                | Start",
            "Sequential        |   | a:Failed *                                | Start",
            "StrictSequential  |   | a:Failed *                                | Wait",
            "StrictSequential  |   | a:Failed+released *                       | Start",
            "StrictSequential  |   | a:Failed+released b:Failed *              | Wait",
            "StrictSequential  |   | a:Succeeded *                             | Start",
            "StrictSequential  |   | * b:Failed                                | Start",
            "FirstOnly         |   | a:Running *                               | Stop",
            "FirstOnly         |   | a:Succeeded *                             | Start",
            "FirstOnly         |   | * b:Queued                                | Start",
            "LastOnly          |   | a:Running *                               | Start",
            "LastOnly          |   | * b:-                                     | Stop",
            "Parallel          | 2 | a:Running *                               | Start",
            "Parallel          | 2 | a:Running b:Running *                     | Wait",
            "Parallel          | 2 | a:Running b:Queued *                      | Wait",
            "Parallel          | 3 | a:Running b:Queued *                      | Start",
            "SerialLatestOnly  |   | a:Running *                               | Wait",
            "SerialLatestOnly  |   | a:Running * c:Queued                      | Stop",
            "SerialLatestOnly  |   | a:Succeeded b:Queued *                    | Start",
    })
    void admission(RunStrategy.Type type, Integer n, String others, RunQueue.Decision.Kind expected) {
        RunStrategy strategy = new RunStrategy(type, n == null ? 1 : n);
        List<RunQueue.Sibling> siblings = new ArrayList<>();
        RunQueue.Sibling me = null;
        int t = 0;
        for (String token : others.trim().split("\\s+")) {
            Instant created = Instant.parse("2026-11-24T00:00:00Z").plusSeconds(t++);
            if (token.equals("*")) {
                me = new RunQueue.Sibling("me", created, null);
            } else {
                String[] p = token.split(":");
                boolean released = p[1].endsWith("+released");
                String phase = p[1].replace("+released", "");
                siblings.add(new RunQueue.Sibling(p[0], created, phase.equals("-") ? null : InstancePhase.valueOf(phase), released));
            }
        }
        assertThat(RunQueue.admit(strategy, me, siblings).kind()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"LastOnly,Stop", "Sequential,Start", "Parallel,Start"})
    void aRunningInstanceIsSupersededOnlyUnderLastOnly(RunStrategy.Type type, RunQueue.Decision.Kind expected) {
        RunStrategy strategy = new RunStrategy(type, 1);
        Instant t = Instant.parse("2026-11-24T00:00:00Z");
        RunQueue.Sibling me = new RunQueue.Sibling("me", t, InstancePhase.Running);
        RunQueue.Decision d = RunQueue.keepRunning(strategy, me, List.of(new RunQueue.Sibling("newer", t.plusSeconds(1), null)));
        assertThat(d.kind()).isEqualTo(expected);
        // Where the others cannot matter, the reconciler skips looking at them.
        assertThat(RunQueue.watchesSiblingsOnceStarted(strategy)).isEqualTo(expected == RunQueue.Decision.Kind.Stop);
        assertThat(RunQueue.watchesSiblingsOnceStarted(null)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"a,b,Wait", "b,a,Start"})
    void creationTimeTiesAreBrokenByName(String other, String mine, RunQueue.Decision.Kind expected) {
        Instant t = Instant.parse("2026-11-24T00:00:00Z");
        RunQueue.Decision d = RunQueue.admit(null, new RunQueue.Sibling(mine, t, null), List.of(new RunQueue.Sibling(other, t, null)));
        assertThat(d.kind()).isEqualTo(expected);
    }

    @Test
    void aWaitingInstanceOfHigherPriorityStartsFirstAndEqualsKeepCreationOrder() {
        Instant t = Instant.parse("2026-11-24T00:00:00Z");
        RunStrategy sequential = new RunStrategy(RunStrategy.Type.Sequential, 1);
        RunQueue.Sibling oldLow = new RunQueue.Sibling("old-low", t, InstancePhase.Queued, false, 0);
        RunQueue.Sibling newHigh = new RunQueue.Sibling("new-high", t.plusSeconds(5), null, false, 10);
        RunQueue.Sibling newerHigh = new RunQueue.Sibling("newer-high", t.plusSeconds(9), null, false, 10);
        assertThat(RunQueue.admit(sequential, newHigh, List.of(oldLow, newerHigh)).kind()).isEqualTo(RunQueue.Decision.Kind.Start);
        RunQueue.Decision low = RunQueue.admit(sequential, oldLow, List.of(newHigh, newerHigh));
        assertThat(low.kind()).isEqualTo(RunQueue.Decision.Kind.Wait);
        assertThat(low.reason()).isEqualTo("queued at position 3");
        assertThat(RunQueue.admit(sequential, newerHigh, List.of(oldLow, newHigh)).reason()).isEqualTo("queued at position 2");
        RunStrategy parallel = new RunStrategy(RunStrategy.Type.Parallel, 2);
        assertThat(RunQueue.admit(parallel, newerHigh, List.of(oldLow, newHigh)).kind()).as("two slots: both high ones")
                .isEqualTo(RunQueue.Decision.Kind.Start);
        assertThat(RunQueue.admit(parallel, oldLow, List.of(newHigh, newerHigh)).kind()).isEqualTo(RunQueue.Decision.Kind.Wait);
        RunStrategy strict = new RunStrategy(RunStrategy.Type.StrictSequential, 1);
        assertThat(RunQueue.admit(strict, newHigh, List.of(oldLow)).kind()).as("a strict queue keeps creation order")
                .isEqualTo(RunQueue.Decision.Kind.Wait);
    }

    @Test
    void aQueuedInstanceNamesTheFirstRunningOnesOnly() {
        Instant t = Instant.parse("2026-11-24T00:00:00Z");
        RunStrategy strategy = new RunStrategy(RunStrategy.Type.Parallel, 50);
        List<RunQueue.Sibling> running = new java.util.ArrayList<>();
        for (int i = 49; i >= 0; i--) {
            running.add(new RunQueue.Sibling(String.format("r-%02d", i), t, InstancePhase.Running));
        }
        RunQueue.Decision d = RunQueue.admit(strategy, new RunQueue.Sibling("me", t.plusSeconds(1), null), running);
        assertThat(d.kind()).isEqualTo(RunQueue.Decision.Kind.Wait);
        assertThat(d.reason()).isEqualTo("queued at position 1 (running: r-00, r-01, r-02, r-03, r-04 and 45 more)");
    }

    @Test
    void firstOnlyNamesTheOldestRunningInstance() {
        Instant t = Instant.parse("2026-11-24T00:00:00Z");
        RunStrategy strategy = new RunStrategy(RunStrategy.Type.FirstOnly, 1);
        RunQueue.Decision d = RunQueue.admit(strategy, new RunQueue.Sibling("me", t.plusSeconds(9), null), List.of(
                new RunQueue.Sibling("young", t.plusSeconds(5), null), new RunQueue.Sibling("old", t, null)));
        assertThat(d.reason()).isEqualTo("FirstOnly: old runs already");
    }
}
