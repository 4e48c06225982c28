package dev.baton.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signals as expressions read them: {@code signal.params.x} in a wait's match, {@code signals['name'].params.x}
 * in the params of the step that waited, and {@code steps['x'].signals['name'].params.x} downstream.
 */
final class SignalView {
    static final String SIGNAL = "signal";
    static final String SIGNALS = "signals";

    private SignalView() {
    }

    /** One signal: its name (the wait's), its params, the Signal object's name and when it was created. */
    static Map<String, Object> of(String name, ArrivedSignal s) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", name);
        view.put("params", s.params());
        view.put("object", s.object() == null ? "" : s.object());
        view.put("created", s.created() == null ? "" : s.created().toString());
        return view;
    }

    /** The matched signals of a step, by name. */
    static Map<String, Object> all(Map<String, ArrivedSignal> matched) {
        Map<String, Object> out = new LinkedHashMap<>();
        matched.forEach((name, s) -> out.put(name, of(name, s)));
        return out;
    }
}
