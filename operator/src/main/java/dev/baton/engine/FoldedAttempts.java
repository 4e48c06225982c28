package dev.baton.engine;

import dev.baton.engine.model.AttemptOutcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Ended attempts of a step's current run that are no longer listed one by one, kept as counts: a step
 * may retry some hundreds of times (each failure class up to {@link LeafSettings#MAX_RETRIES}), and its
 * status must stay small, yet the retry limits count every failure of the run.
 *
 * @param through  the highest attempt number folded; attempts up to it are never read back from the cluster
 * @param outcomes how many folded attempts ended each way
 */
public record FoldedAttempts(int through, Map<AttemptOutcome, Integer> outcomes) {
    public static final FoldedAttempts NONE = new FoldedAttempts(0, Map.of());

    public FoldedAttempts {
        outcomes = Collections.unmodifiableMap(outcomes.isEmpty() ? Map.of() : new EnumMap<>(outcomes));
    }

    public int count() {
        return outcomes.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** These counts with more ended attempts added (their numbers are below every attempt still listed). */
    FoldedAttempts plus(List<Attempt> ended) {
        Map<AttemptOutcome, Integer> sum = new EnumMap<>(AttemptOutcome.class);
        sum.putAll(outcomes);
        int last = through;
        for (Attempt a : ended) {
            sum.merge(a.outcome(), 1, Integer::sum);
            last = Math.max(last, a.number());
        }
        return new FoldedAttempts(last, sum);
    }

    /** Every outcome of the run, folded ones first, as the retry policy reads them. */
    List<AttemptOutcome> withListed(List<Attempt> listed) {
        List<AttemptOutcome> all = new ArrayList<>(count() + listed.size());
        outcomes.forEach((outcome, n) -> all.addAll(Collections.nCopies(n, outcome)));
        listed.forEach(a -> all.add(a.outcome()));
        return all;
    }
}
