package dev.baton.engine.loops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.engine.loops.ForeachPlanner.ChildObservation;
import dev.baton.engine.loops.ForeachPlanner.ChildPhase;
import dev.baton.engine.loops.ForeachPlanner.ForeachDecision;
import dev.baton.engine.loops.ForeachPlanner.Settings;
import dev.baton.engine.model.OnFailure;
import dev.baton.engine.model.StepPhase;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A 100,000-iteration foreach driven through the planner like a reconciler would: every pass observes
 * the children that exist, writes the state, then deletes and creates; then a few random running children
 * finish (1% fail, 1% are skipped). Some status writes are lost, as when the operator dies mid-reconcile.
 */
class ForeachSimulationTest {
    private static final int TOTAL = 100_000;
    private static final int CONCURRENCY = 20;
    private static final int RETENTION = 30;
    private static final int TEN_KIB = 10 * 1024;
    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest(name = "strictOrdering={0}, lost status writes={1}%")
    @CsvSource({"false,0", "true,0", "false,2", "true,2"})
    void aHundredThousandIterations(boolean strict, int lostWritesPercent) throws Exception {
        Settings settings = new Settings(CONCURRENCY, strict, OnFailure.Ignore, RETENTION);
        Random random = new Random(42);
        Map<Long, ChildPhase> cluster = new HashMap<>();
        List<Long> running = new ArrayList<>();
        BitSet finished = new BitSet(TOTAL);
        long[] expected = new long[ChildPhase.values().length];
        ForeachState state = ForeachState.start(TOTAL);
        int maxBytes = 0;
        int maxUnfinished = 0;
        int maxKept = 0;
        long ranTwice = 0;
        ForeachDecision d;
        while (true) {
            d = ForeachPlanner.plan(state, observe(cluster), settings);
            // As the reconciler: the status write first (lost when the operator dies before it, and then
            // nothing else happens), then deletions, then creations (cut short when it dies among them).
            if (random.nextInt(100) >= lostWritesPercent || d.phase() != StepPhase.Running) {
                state = d.next();
                maxBytes = Math.max(maxBytes, json.writeValueAsBytes(state).length);
                List<Long> deletes = d.delete();
                List<Long> creates = d.create();
                int actions = deletes.size() + creates.size();
                int carriedOut = random.nextInt(100) < lostWritesPercent ? random.nextInt(actions + 1) : actions;
                for (int a = 0; a < carriedOut; a++) {
                    if (a < deletes.size()) {
                        cluster.remove(deletes.get(a));
                        continue;
                    }
                    long i = creates.get(a - deletes.size());
                    ranTwice += finished.get((int) i) ? 1 : 0;
                    if (cluster.putIfAbsent(i, ChildPhase.Running) == null) {
                        running.add(i);
                    }
                }
            }
            // Plain bookkeeping in the loop, asserted once at the end: the loop runs some 33,000 passes.
            maxUnfinished = Math.max(maxUnfinished, running.size());
            maxKept = Math.max(maxKept, cluster.size());
            if (d.phase() != StepPhase.Running) {
                break;
            }
            for (int n = 1 + random.nextInt(5); n > 0 && !running.isEmpty(); n--) {
                int pick = random.nextInt(running.size());
                long index = running.get(pick);
                running.set(pick, running.get(running.size() - 1));
                running.remove(running.size() - 1);
                int roll = random.nextInt(100);
                ChildPhase outcome = roll == 0 ? ChildPhase.Failed : roll == 1 ? ChildPhase.Skipped : ChildPhase.Succeeded;
                cluster.put(index, outcome);
                finished.set((int) index);
                expected[outcome.ordinal()]++;
            }
        }
        assertThat(maxUnfinished).as("most unfinished children at once").isEqualTo(CONCURRENCY);
        assertThat(maxKept).as("most children existing at once").isLessThanOrEqualTo(RETENTION + CONCURRENCY);
        assertThat(ranTwice).as("finished iterations created again").isZero();
        assertThat(d.phase()).isEqualTo(StepPhase.CompletedWithError);
        assertThat(state).isEqualTo(new ForeachState(TOTAL, TOTAL, new TreeSet<>(), expected[ChildPhase.Succeeded.ordinal()],
                expected[ChildPhase.Failed.ordinal()], expected[ChildPhase.Skipped.ordinal()], 0));
        assertThat(finished.cardinality()).isEqualTo(TOTAL);
        assertThat(maxBytes).isLessThanOrEqualTo(TEN_KIB);
        System.out.printf("foreach of %d, strict=%s, lost writes %d%%: largest serialized state %d bytes%n",
                TOTAL, strict, lostWritesPercent, maxBytes);
    }

    @Test
    void theLargestPossibleStateStaysUnderTenKiB() throws Exception {
        TreeSet<Long> unfinished = new TreeSet<>();
        long next = 999_999_999L;
        for (long i = next - Settings.MAX_CONCURRENCY; i < next; i++) {
            unfinished.add(i);
        }
        long folded = next - unfinished.size();
        ForeachState state = new ForeachState(Long.MAX_VALUE / 4, next, unfinished, folded / 4, folded / 4, folded / 4,
                folded - 3 * (folded / 4));
        byte[] bytes = json.writeValueAsBytes(state);
        assertThat(bytes.length).isLessThanOrEqualTo(TEN_KIB);
        assertThat(json.readValue(bytes, ForeachState.class)).isEqualTo(state);
    }

    private static List<ChildObservation> observe(Map<Long, ChildPhase> cluster) {
        return cluster.entrySet().stream().map(e -> new ChildObservation(e.getKey(), e.getValue())).toList();
    }
}
