package dev.baton.engine.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.Expressions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignalJoinTest {
    private static final Expressions EXPRESSIONS = new Expressions();
    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");
    private static final List<SignalJoin.Wanted> ORDERS_AND_CUSTOMERS = List.of(
            new SignalJoin.Wanted("orders", null), new SignalJoin.Wanted("customers", "signal.params.rows > 0"));

    @Test
    void aJoinCompletesOncePerKeyWithAllItsSignals() {
        List<SignalJoin.Signal> signals = List.of(
                signal("orders", "u1", 1, Map.of("date", "2026-12-01")),
                signal("customers", "u2", 2, Map.of("date", "2026-12-02", "rows", 5)),
                signal("customers", "u3", 3, Map.of("date", "2026-12-01", "rows", 7)),
                signal("orders", "u4", 4, Map.of("date", "2026-12-03")));

        List<SignalJoin.Set> sets = SignalJoin.complete(ORDERS_AND_CUSTOMERS, List.of("date"), signals, null, EXPRESSIONS::condition);

        assertThat(sets).singleElement().satisfies(s -> {
            assertThat(s.key()).isEqualTo(Map.of("date", "2026-12-01"));
            assertThat(s.signals().get("orders").uid()).isEqualTo("u1");
            assertThat(s.signals().get("customers").uid()).isEqualTo("u3");
        });
    }

    @Test
    void theSameSignalsAlwaysMakeTheSameSetWhateverTheirOrderAndTheOldestOfADuplicateWins() {
        List<SignalJoin.Signal> signals = List.of(
                signal("orders", "u1", 1, Map.of("date", "d")),
                signal("orders", "u9", 5, Map.of("date", "d")),
                signal("customers", "u2", 2, Map.of("date", "d", "rows", 1)));
        List<SignalJoin.Signal> reversed = List.of(signals.get(2), signals.get(1), signals.get(0));

        SignalJoin.Set a = SignalJoin.complete(ORDERS_AND_CUSTOMERS, List.of("date"), signals, null, EXPRESSIONS::condition).get(0);
        SignalJoin.Set b = SignalJoin.complete(ORDERS_AND_CUSTOMERS, List.of("date"), reversed, null, EXPRESSIONS::condition).get(0);

        assertThat(a.id()).isEqualTo(b.id());
        assertThat(a.signals().get("orders").uid()).isEqualTo("u1");
    }

    @Test
    void signalsThatDoNotMatchLackAKeyOrCameBeforeTheTriggerJoinNothing() {
        List<SignalJoin.Signal> signals = List.of(
                signal("orders", "u1", 1, Map.of("date", "d")),
                signal("customers", "u2", 2, Map.of("date", "d", "rows", 0)),
                signal("customers", "u3", 3, Map.of("rows", 4)),
                signal("orders", "old", -5, Map.of("date", "e")),
                signal("customers", "u5", 6, Map.of("date", "e", "rows", 3)));

        assertThat(SignalJoin.complete(ORDERS_AND_CUSTOMERS, List.of("date"), signals, T, EXPRESSIONS::condition)).isEmpty();
    }

    @Test
    void withoutJoinKeysEachSignalOfASingleNameIsItsOwnSet() {
        List<SignalJoin.Wanted> one = List.of(new SignalJoin.Wanted("ready", null));
        List<SignalJoin.Signal> signals = List.of(signal("ready", "a", 1, Map.of()), signal("ready", "b", 2, Map.of()));

        assertThat(SignalJoin.complete(one, List.of(), signals, null, EXPRESSIONS::condition))
                .extracting(set -> set.signals().get("ready").uid()).containsExactly("a", "b");
    }

    private static SignalJoin.Signal signal(String name, String uid, int seconds, Map<String, Object> params) {
        return new SignalJoin.Signal(name, uid, T.plusSeconds(seconds), params);
    }
}
