package dev.baton.engine.triggers;

import java.util.List;
import java.util.Map;

/**
 * A compiled signal trigger of a Workflow.
 *
 * @param params templates of the params its instances get ({@code ${signal.params.x}} ...), as written
 * @param field  where it is in the spec, for messages
 */
public record SignalTrigger(String name, List<SignalJoin.Wanted> wanted, List<String> joinOn, Map<String, Object> params,
                            String field) {
    public SignalTrigger {
        wanted = List.copyOf(wanted);
        joinOn = List.copyOf(joinOn);
    }

    /** The distinct signal names it listens for. */
    public List<String> names() {
        return wanted.stream().map(SignalJoin.Wanted::name).distinct().toList();
    }
}
