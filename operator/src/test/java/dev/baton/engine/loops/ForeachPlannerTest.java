package dev.baton.engine.loops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.engine.loops.ForeachPlanner.ChildObservation;
import dev.baton.engine.loops.ForeachPlanner.ChildPhase;
import dev.baton.engine.loops.ForeachPlanner.ForeachDecision;
import dev.baton.engine.loops.ForeachPlanner.Settings;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.OnFailure;
import dev.baton.engine.model.StepPhase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Foreach scheduling as tables. Notation: a list of indexes "0,1,2" ('-' or blank = none); children
 * "index:phase" with R = Running, S = Succeeded, F = Failed, X = Stopped, K = Skipped. Unless a row says
 * otherwise: 10 iterations, concurrency 3, every folded iteration succeeded.
 */
class ForeachPlannerTest {
    private static final Settings FREE = new Settings(3, false, OnFailure.FailAfterRunning, 100);
    private static final Settings STRICT = new Settings(3, true, OnFailure.FailAfterRunning, 100);

    static TreeSet<Long> indexes(String list) {
        TreeSet<Long> set = new TreeSet<>();
        if (list != null && !list.isBlank() && !list.trim().equals("-")) {
            Arrays.stream(list.split(",")).map(String::trim).map(Long::valueOf).forEach(set::add);
        }
        return set;
    }

    static String show(List<Long> list) {
        return list.isEmpty() ? "-" : list.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** A state whose folded iterations are {@code failed} failures and the rest successes. */
    static ForeachState state(long total, long next, String unfinished, long failed) {
        TreeSet<Long> open = indexes(unfinished);
        return new ForeachState(total, next, open, next - open.size() - failed, failed, 0, 0);
    }

    static List<ChildObservation> children(String spec) {
        List<ChildObservation> out = new ArrayList<>();
        if (spec == null || spec.isBlank() || spec.trim().equals("-")) {
            return out;
        }
        for (String token : spec.trim().split("\\s+")) {
            String[] p = token.split(":");
            out.add(new ChildObservation(Long.parseLong(p[0]), phase(p[1])));
        }
        return out;
    }

    static ChildPhase phase(String letter) {
        return switch (letter) {
            case "R" -> ChildPhase.Running;
            case "S" -> ChildPhase.Succeeded;
            case "F" -> ChildPhase.Failed;
            case "X" -> ChildPhase.Stopped;
            case "K" -> ChildPhase.Skipped;
            default -> throw new IllegalArgumentException(letter);
        };
    }

    @ParameterizedTest(name = "strict={0} next={1} unfinished=[{2}] children [{3}] → create {4}")
    @CsvSource(delimiter = '|', value = {
            // strict | next | unfinished | children            | create
            "false    | 0    |            |                     | 0,1,2",
            "false    | 3    | 0,1,2      | 0:R 1:R 2:R         | -",
            "false    | 3    | 0,1,2      | 0:R 1:R 2:S         | 3",
            "false    | 3    | 0,1,2      | 0:R 1:S 2:S         | 3,4",
            "true     | 3    | 0,1,2      | 0:R 1:S 2:S         | -",
            "true     | 3    | 0,1,2      | 0:S 1:R 2:R         | 3",
            "true     | 3    | 0,1,2      | 0:S 1:S 2:R         | 3,4",
            "false    | 5    | 1,3,4      | 1:R 3:S 4:S         | 5,6",
            "true     | 5    | 1,3,4      | 1:R 3:S 4:S         | -",
            "true     | 5    | 2,4        | 2:S 4:R             | 5,6",
            "false    | 9    | 7,8        | 7:R 8:S             | 9",
            "false    | 10   | 7,8,9      | 7:S 8:S 9:S         | -",
            // a created child that is missing is created again, and still takes its slot
            "false    | 3    | 0,1,2      | 0:R 2:R             | 1",
            "true     | 3    | 0,1,2      | 0:S 2:R             | 1,3",
    })
    void theWindowNeverHoldsMoreThanTheConcurrency(boolean strict, long next, String unfinished, String observed,
                                                   String create) {
        ForeachDecision d = ForeachPlanner.plan(state(10, next, unfinished, 0), children(observed), strict ? STRICT : FREE);
        assertThat(show(d.create())).isEqualTo(create);
        assertThat(d.next().running()).isLessThanOrEqualTo(3);
    }

    /**
     * One child finishes per pass, in the order given; every existing child is observed. Without
     * strict ordering a slot frees as soon as any child ends; with it, only when the oldest does.
     */
    @ParameterizedTest(name = "strict={0}, finishing {1}")
    @CsvSource(delimiter = '|', value = {
            "false | 2 1 4 0 3 6 5 8 7 9 | 0,1,2 / 3 / 4 / 5 / 6 / 7 / 8 / 9 / - / - / -",
            "false | 2 1 0 4 3 5 7 6 9 8 | 0,1,2 / 3 / 4 / 5 / 6 / 7 / 8 / 9 / - / - / -",
            "true  | 2 1 0 4 3 5 7 6 9 8 | 0,1,2 / - / - / 3,4,5 / - / 6,7 / 8 / - / 9 / - / -",
    })
    void childrenFinishingOutOfOrder(boolean strict, String finishOrder, String expectedCreates) {
        Settings settings = strict ? STRICT : FREE;
        Map<Long, ChildPhase> cluster = new TreeMap<>();
        ForeachState state = ForeachState.start(10);
        List<String> creates = new ArrayList<>();
        List<Long> order = Arrays.stream(finishOrder.split(" ")).map(Long::valueOf).toList();
        ForeachDecision d = null;
        for (int pass = 0; pass <= order.size(); pass++) {
            if (pass > 0) {
                assertThat(cluster.get(order.get(pass - 1))).as("child %s exists and runs", order.get(pass - 1)).isEqualTo(ChildPhase.Running);
                cluster.put(order.get(pass - 1), ChildPhase.Succeeded);
            }
            d = ForeachPlanner.plan(state, observe(cluster), settings);
            d.create().forEach(i -> cluster.putIfAbsent(i, ChildPhase.Running));
            assertThat(cluster.values().stream().filter(p -> p == ChildPhase.Running).count()).isLessThanOrEqualTo(3);
            creates.add(show(d.create()));
            state = d.next();
        }
        assertThat(String.join(" / ", creates)).isEqualTo(expectedCreates);
        assertThat(d.phase()).isEqualTo(StepPhase.Succeeded);
        assertThat(d.message()).isEqualTo("10 iterations succeeded");
        assertThat(state.succeeded()).isEqualTo(10);
    }

    @ParameterizedTest(name = "concurrency {0}, retention {1}, strict={2}")
    @CsvSource({"3, 0, false", "3, 2, false", "5, 0, true", "20, 100, false", "1, 0, false"})
    void atMostConcurrencyPlusRetentionChildrenExistAtAnyTime(int concurrency, int retention, boolean strict) {
        Settings settings = new Settings(concurrency, strict, OnFailure.FailAfterRunning, retention);
        java.util.Random random = new java.util.Random(concurrency * 31L + retention);
        Map<Long, ChildPhase> cluster = new TreeMap<>();
        ForeachState state = ForeachState.start(200);
        ForeachDecision d;
        int passes = 0;
        do {
            // Some running children finish between passes, in any order.
            cluster.replaceAll((i, p) -> p == ChildPhase.Running && random.nextInt(3) == 0 ? ChildPhase.Succeeded : p);
            d = ForeachPlanner.plan(state, observe(cluster), settings);
            // As the reconciler does it, after the status write: deletions first, then creations.
            d.delete().forEach(cluster::remove);
            d.create().forEach(i -> cluster.putIfAbsent(i, ChildPhase.Running));
            assertThat(cluster).as("children alive after pass %s", passes).hasSizeLessThanOrEqualTo(concurrency + retention);
            assertThat(cluster.values().stream().filter(p -> p == ChildPhase.Running).count()).isLessThanOrEqualTo(concurrency);
            state = d.next();
        } while (d.phase() == StepPhase.Running && ++passes < 10_000);
        assertThat(d.phase()).isEqualTo(StepPhase.Succeeded);
        assertThat(state.succeeded()).isEqualTo(200);
        assertThat(cluster).hasSizeLessThanOrEqualTo(retention);
    }

    static List<ChildObservation> observe(Map<Long, ChildPhase> cluster) {
        return cluster.entrySet().stream().map(e -> new ChildObservation(e.getKey(), e.getValue())).toList();
    }

    @Test
    void aFinishedChildSeenAgainIsCountedOnce() {
        List<ChildObservation> seen = children("0:S 1:R 2:R");
        ForeachDecision first = ForeachPlanner.plan(state(10, 3, "0,1,2", 0), seen, FREE);
        ForeachDecision again = ForeachPlanner.plan(first.next(), seen, FREE);
        assertThat(first.next().succeeded()).isEqualTo(1);
        assertThat(again.next().succeeded()).isEqualTo(1);
        assertThat(again.next()).isEqualTo(first.next());
        assertThat(show(again.create())).as("3 was created by the first pass but is not seen yet").isEqualTo("3");
    }

    @Test
    void aChildObservedTwiceInOnePassIsCountedOnce() {
        ForeachDecision d = ForeachPlanner.plan(state(10, 3, "0,1,2", 0), children("0:F 0:F 1:R 2:R"), FREE);
        assertThat(d.next().failed()).isEqualTo(1);
        assertThat(d.next().done()).isEqualTo(1);
    }

    @Test
    void aFoldedChildThatIsGoneIsNeitherCreatedAgainNorCountedAgain() {
        ForeachState before = state(10, 3, "1,2", 0);
        ForeachDecision d = ForeachPlanner.plan(before, children("1:R 2:R"), FREE);
        assertThat(show(d.create())).isEqualTo("3");
        assertThat(d.next().succeeded()).isEqualTo(1);
        assertThat(before.folded(0)).isTrue();
        assertThat(before.folded(1)).isFalse();
        assertThat(before.folded(3)).isFalse();
    }

    @Test
    void childrenCreatedByAPassWhoseStatusWriteWasLostAreAdopted() {
        ForeachDecision d = ForeachPlanner.plan(ForeachState.start(10), children("0:R 1:S 2:R"), FREE);
        assertThat(d.next()).isEqualTo(new ForeachState(10, 4, indexes("0,2,3"), 1, 0, 0, 0));
        assertThat(show(d.create())).isEqualTo("3");
    }

    @Test
    void childrenWithIndexesOutsideTheLoopAreIgnored() {
        ForeachDecision d = ForeachPlanner.plan(ForeachState.start(2), children("5:S -1:S"), FREE);
        assertThat(d.next()).isEqualTo(new ForeachState(2, 2, indexes("0,1"), 0, 0, 0, 0));
        assertThat(d.delete()).isEmpty();
    }

    @Test
    void aStateWhoseCountsDoNotAddUpIsRefused() {
        assertThatThrownBy(() -> new ForeachState(10, 3, indexes("0"), 1, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not add up to the 2 folded");
        assertThatThrownBy(() -> new ForeachState(10, 3, indexes("3"), 2, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not below nextIndex");
        assertThatThrownBy(() -> new Settings(0, false, null, 0)).hasMessageContaining("foreach.concurrency");
    }

    @ParameterizedTest(name = "retention {0}, next {1}, unfinished [{2}], children [{3}] → delete {4}")
    @CsvSource(delimiter = '|', value = {
            // retention | next | unfinished | children                 | delete
            "2           | 6    | 5          | 0:S 1:S 2:S 3:S 4:S 5:S  | 0,1,2,3",
            "10          | 6    | 5          | 0:S 1:S 2:S 3:S 4:S 5:S  | -",
            // a child folded in this very pass is deleted in it too (the reconciler deletes after the status write)
            "0           | 6    | 5          | 0:S 1:S 2:S 3:S 4:S 5:S  | 0,1,2,3,4,5",
            "0           | 6    |            | 5:S                      | 5",
            // the most recent are those of the highest indexes; those already gone do not count
            "2           | 6    | 5          | 3:S 4:F 5:S              | 3",
            "1           | 6    | 4,5        | 1:S 3:S 4:R 5:R          | 1",
    })
    void finishedChildrenBeyondTheRetentionAreDeleted(int retention, long next, String unfinished, String observed,
                                                      String delete) {
        Settings settings = new Settings(3, false, OnFailure.Ignore, retention);
        ForeachDecision d = ForeachPlanner.plan(state(10, next, unfinished, 0), children(observed), settings);
        assertThat(show(d.delete())).isEqualTo(delete);
    }

    @ParameterizedTest(name = "{0}: [{1}] → create {2}, stop {3}, {4}")
    @CsvSource(delimiter = '|', value = {
            // onFailure      | children      | create | stop | phase   | succeeded/failed/stopped/running
            "FailImmediately  | 0:R 1:F 2:R   | -      | 0,2  | Failed  | 0/1/2/0",
            "FailAfterRunning | 0:R 1:F 2:R   | -      | -    | Running | 0/1/0/2",
            "FailAfterRunning | 0:S 1:F 2:S   | -      | -    | Failed  | 2/1/0/0",
            "FailAfterRunning | 0:R 1:X 2:R   | -      | -    | Running | 0/0/1/2",
            "FailAfterRunning | 0:R 2:R       | 1      | -    | Running | 0/0/0/3",
            "Ignore           | 0:R 1:F 2:R   | 3      | -    | Running | 0/1/0/3",
    })
    void aFailedIterationDoesWhatOnFailureSays(OnFailure mode, String observed, String create, String stop,
                                               StepPhase phase, String counts) {
        ForeachDecision d = ForeachPlanner.plan(state(10, 3, "0,1,2", 0), children(observed),
                new Settings(3, false, mode, 100));
        ForeachState s = d.next();
        assertThat(show(d.create())).isEqualTo(create);
        assertThat(show(d.stop())).isEqualTo(stop);
        assertThat(d.phase()).isEqualTo(phase);
        assertThat(s.succeeded() + "/" + s.failed() + "/" + s.stopped() + "/" + s.running()).isEqualTo(counts);
    }

    @Test
    void afterAFailureAMissingRunningChildIsCreatedAgainButNoNewOne() {
        ForeachDecision d = ForeachPlanner.plan(state(10, 3, "0,2", 1), children("0:R"), FREE);
        assertThat(show(d.create())).isEqualTo("2");
        assertThat(d.phase()).isEqualTo(StepPhase.Running);
        assertThat(d.message()).isEqualTo("1 of 10 iterations failed; waiting for 2 running, 7 not started");
    }

    /** Each pass the oldest running child ends; iteration 1 fails, every other succeeds. */
    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "FailImmediately  | Failed             | 1/1/2 | iteration 1 failed (onFailure: FailImmediately); stopped 2 running, 6 not started",
            "FailAfterRunning | Failed             | 3/1/0 | 1 of 10 iterations failed, 6 not started",
            "Ignore           | CompletedWithError | 9/1/0 | 1 of 10 iterations failed (onFailure: Ignore)",
    })
    void aRunWithOneFailure(OnFailure mode, StepPhase phase, String counts, String message) {
        Settings settings = new Settings(3, false, mode, 100);
        Map<Long, ChildPhase> cluster = new TreeMap<>();
        ForeachState state = ForeachState.start(10);
        ForeachDecision d;
        while (true) {
            d = ForeachPlanner.plan(state, observe(cluster), settings);
            d.create().forEach(i -> cluster.putIfAbsent(i, ChildPhase.Running));
            d.stop().forEach(i -> cluster.put(i, ChildPhase.Stopped));
            state = d.next();
            if (d.phase() != StepPhase.Running) {
                break;
            }
            cluster.entrySet().stream().filter(e -> e.getValue() == ChildPhase.Running).findFirst()
                    .ifPresent(e -> e.setValue(e.getKey() == 1 ? ChildPhase.Failed : ChildPhase.Succeeded));
        }
        assertThat(d.phase()).isEqualTo(phase);
        assertThat(state.succeeded() + "/" + state.failed() + "/" + state.stopped()).isEqualTo(counts);
        assertThat(d.message()).isEqualTo(message);
        ForeachDecision again = ForeachPlanner.plan(state, observe(cluster), settings);
        assertThat(again.phase()).as("planning again").isEqualTo(phase);
        assertThat(again.next()).isEqualTo(state);
        assertThat(again.create()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(OnFailure.class)
    void aForeachOfNoIterationsSucceedsAtOnce(OnFailure mode) {
        ForeachDecision d = ForeachPlanner.plan(ForeachState.start(0), List.of(), new Settings(3, true, mode, 0));
        assertThat(d.phase()).isEqualTo(StepPhase.Succeeded);
        assertThat(d.create()).isEmpty();
        assertThat(d.message()).isEqualTo("no iterations");
    }

    @Test
    void skippedIterationsAreNotFailures() {
        ForeachDecision d = ForeachPlanner.plan(state(2, 2, "0,1", 0), children("0:K 1:S"), FREE);
        assertThat(d.phase()).isEqualTo(StepPhase.Succeeded);
        assertThat(d.message()).isEqualTo("1 iteration succeeded, 1 skipped");
    }

    @Test
    void haltingStopsEveryUnfinishedChild() {
        ForeachDecision d = ForeachPlanner.halt(state(10, 3, "0,2", 0), "spec.stop is Stop");
        assertThat(show(d.stop())).isEqualTo("0,2");
        assertThat(d.phase()).isEqualTo(StepPhase.Stopped);
        assertThat(d.next().stopped()).isEqualTo(2);
        assertThat(d.next().running()).isZero();
        assertThat(d.message()).isEqualTo("stopped: spec.stop is Stop");
    }

    @Test
    void aChildWithoutStatusYetIsRunning() {
        assertThat(ChildPhase.of(null)).isEqualTo(ChildPhase.Running);
    }

    @ParameterizedTest
    @CsvSource({"Pending,Running", "Queued,Running", "Paused,Running", "Running,Running", "Succeeded,Succeeded",
            "Failed,Failed", "TimedOut,Failed", "Stopped,Stopped"})
    void childPhaseFollowsTheChildInstance(InstancePhase instance, ChildPhase child) {
        assertThat(ChildPhase.of(instance)).isEqualTo(child);
    }
}
