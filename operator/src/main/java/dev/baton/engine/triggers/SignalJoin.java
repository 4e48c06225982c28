package dev.baton.engine.triggers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Maestro's signal join: a signal trigger fires once every signal it lists has arrived with equal values
 * of its join keys ("orders ready AND customers ready for the same date"). Decided from the signals alone:
 * for each join key, each listed signal name takes its oldest matching signal (by creation, then uid), and
 * a key with all names present is one complete set, named by a hash of its signals' uids, so the same set
 * always starts the same instance, whichever operator decides it and however often.
 */
public final class SignalJoin {
    private SignalJoin() {
    }

    /** A signal as the join reads it. */
    public record Signal(String name, String uid, Instant created, Map<String, Object> params) {
    }

    /** One listed signal of a trigger: its name and a CEL condition over {@code signal.params}, or null. */
    public record Wanted(String name, String match) {
    }

    /**
     * A complete set: the join key's values and, by signal name, the signal chosen.
     *
     * @param id a hash of the chosen signals' uids, for the instance's name
     */
    public record Set(Map<String, Object> key, Map<String, Signal> signals, String id) {
    }

    /**
     * The complete sets among {@code signals} (those created at or after {@code since} only), oldest first by
     * their newest member: the order they completed in.
     */
    public static List<Set> complete(List<Wanted> wanted, List<String> joinOn, List<Signal> signals, Instant since,
                                     Condition conditions) {
        Map<String, Map<String, Signal>> byKey = new TreeMap<>();
        Map<String, Map<String, Object>> keys = new LinkedHashMap<>();
        List<Signal> ordered = new ArrayList<>(signals);
        ordered.sort(Comparator.comparing(Signal::created).thenComparing(Signal::uid));
        for (Signal s : ordered) {
            if (since != null && s.created().isBefore(since)) {
                continue;
            }
            for (Wanted w : wanted) {
                if (!w.name().equals(s.name()) || !matches(w, s, conditions)) {
                    continue;
                }
                Map<String, Object> key = key(joinOn, s);
                if (key == null) {
                    continue; // lacks a join key: it can join nothing
                }
                String k = key.toString();
                keys.putIfAbsent(k, key);
                byKey.computeIfAbsent(k, x -> new LinkedHashMap<>()).putIfAbsent(w.name(), s);
            }
        }
        List<Set> out = new ArrayList<>();
        byKey.forEach((k, chosen) -> {
            if (chosen.size() == wanted.stream().map(Wanted::name).distinct().count()) {
                out.add(new Set(keys.get(k), Map.copyOf(chosen), id(chosen.values())));
            }
        });
        out.sort(Comparator.comparing((Set s) -> s.signals().values().stream().map(Signal::created).max(Comparator.naturalOrder()).orElseThrow())
                .thenComparing(Set::id));
        return out;
    }

    /** Evaluates a CEL condition over variables (the engine's Expressions): true, false, or an exception. */
    public interface Condition {
        boolean test(String condition, Map<String, Object> variables);
    }

    private static boolean matches(Wanted w, Signal s, Condition conditions) {
        if (w.match() == null || w.match().isBlank()) {
            return true;
        }
        try {
            return conditions.test(w.match(), Map.of("signal", Map.of("name", s.name(), "params", s.params())));
        } catch (RuntimeException e) {
            return false; // a signal whose params the condition cannot read does not match
        }
    }

    /**
     * The signal's values of the join keys, or null when it lacks one. Without join keys (a trigger of one
     * signal: more need keys) every signal is its own set.
     */
    private static Map<String, Object> key(List<String> joinOn, Signal s) {
        if (joinOn.isEmpty()) {
            return Map.of("signal", s.uid());
        }
        Map<String, Object> key = new TreeMap<>();
        for (String k : joinOn) {
            if (!s.params().containsKey(k)) {
                return null;
            }
            key.put(k, Objects.toString(s.params().get(k)));
        }
        return key;
    }

    private static String id(java.util.Collection<Signal> chosen) {
        String uids = chosen.stream().map(Signal::uid).sorted().reduce((a, b) -> a + "," + b).orElse("");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(uids.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
