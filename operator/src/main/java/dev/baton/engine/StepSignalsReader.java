package dev.baton.engine;

import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.StepSignals;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a step's {@code waitForSignals} and {@code emitSignals}. Their expressions (a wait's match, the
 * emitted params) are checked with the step's others, once the graph and its scope are known
 * ({@link GraphCompiler}).
 */
final class StepSignalsReader {
    static final Set<String> FIELDS = Set.of("waitForSignals", "emitSignals");
    /** Most signals one step waits for, or emits. */
    static final int MAX = 10;
    /** A Signal's spec.name, as the Signal resource's schema allows it. */
    static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    private StepSignalsReader() {
    }

    static StepSignals read(SpecFields step) {
        List<StepSignals.Wait> waits = new ArrayList<>();
        List<?> rawWaits = step.list("waitForSignals", MAX);
        Set<String> waited = new HashSet<>();
        for (int i = 0; rawWaits != null && i < rawWaits.size(); i++) {
            SpecFields w = SpecFields.of(rawWaits.get(i), step.field("waitForSignals") + "[" + i + "]", step.errors());
            w.only(SpecFields.keys("name", "match", "since"));
            String name = signalName(w);
            String match = w.string("match");
            StepSignals.Since since = w.oneOf("since", StepSignals.Since.class);
            if (name != null && !waited.add(name)) {
                w.errors().add(new FieldError(w.field("name"), "the step waits for signal " + name + " twice"
                        + " (one wait per name: its match says which signal counts)"));
            }
            if (name != null) {
                waits.add(new StepSignals.Wait(i, name, match, since == null ? StepSignals.Since.Run : since));
            }
        }
        List<StepSignals.Emit> emits = new ArrayList<>();
        List<?> rawEmits = step.list("emitSignals", MAX);
        for (int i = 0; rawEmits != null && i < rawEmits.size(); i++) {
            SpecFields e = SpecFields.of(rawEmits.get(i), step.field("emitSignals") + "[" + i + "]", step.errors());
            e.only(SpecFields.keys("name", "params"));
            String name = signalName(e);
            Map<String, Object> params = e.anyMap("params");
            if (name != null) {
                emits.add(new StepSignals.Emit(i, name, params == null ? Map.of() : params));
            }
        }
        return waits.isEmpty() && emits.isEmpty() ? StepSignals.NONE : new StepSignals(waits, emits);
    }

    /** The Signal name at {@code s.name}, or null with the error added. */
    static String signalName(SpecFields s) {
        String name = s.string("name");
        if (name == null || name.length() > 63 || !NAME.matcher(name).matches()) {
            s.errors().add(new FieldError(s.field("name"), "a Signal's name: lowercase letters, digits, '-' and '.', at most 63 characters"));
            return null;
        }
        return name;
    }
}
