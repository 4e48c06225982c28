package dev.baton.engine;

import dev.baton.engine.model.Cleanup;
import dev.baton.engine.model.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code ttl: {afterSucceeded, afterFailed, afterCompletion}} and {@code podGC: {strategy}}, from a
 * Workflow's spec (compiled with it) or an instance's (which wins). A duration, or {@code Never} to keep;
 * afterCompletion stands for whichever of the other two is not given.
 */
public final class CleanupReader {
    static final String NEVER = "Never";

    private CleanupReader() {
    }

    /** The workflow's policy over the default; errors name the fields under {@code at}. */
    static Cleanup read(SpecFields spec, Cleanup base) {
        SpecFields ttl = spec.object("ttl");
        Duration succeeded = base.afterSucceeded();
        Duration failed = base.afterFailed();
        if (ttl != null) {
            ttl.only(SpecFields.keys("afterSucceeded", "afterFailed", "afterCompletion"));
            Ttl completion = ttl(ttl, "afterCompletion");
            Ttl s = ttl(ttl, "afterSucceeded");
            Ttl f = ttl(ttl, "afterFailed");
            succeeded = s != null ? s.value() : completion != null ? completion.value() : succeeded;
            failed = f != null ? f.value() : completion != null ? completion.value() : failed;
        }
        Cleanup.PodGc podGc = base.podGc();
        SpecFields gc = spec.object("podGC");
        if (gc != null) {
            gc.only(SpecFields.keys("strategy"));
            Cleanup.PodGc strategy = gc.oneOf("strategy", Cleanup.PodGc.class);
            podGc = strategy == null ? podGc : strategy;
        }
        return new Cleanup(succeeded, failed, podGc);
    }

    /**
     * An instance's own ttl and podGC (its spec fields as JSON) over its workflow's policy; fields it gets
     * wrong are reported in {@code errors} and leave the workflow's value.
     */
    public static Cleanup forInstance(Map<String, Object> instanceSpec, Cleanup workflow, List<FieldError> errors) {
        return read(SpecFields.of(instanceSpec, "spec", errors), workflow == null ? Cleanup.DEFAULT : workflow);
    }

    /** A given ttl: a duration, or null for Never. */
    private record Ttl(Duration value) {
    }

    private static Ttl ttl(SpecFields ttl, String key) {
        if (NEVER.equals(ttl.raw(key))) {
            return new Ttl(null);
        }
        Duration d = ttl.duration(key);
        return d == null ? null : new Ttl(d);
    }
}
