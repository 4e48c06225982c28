package dev.baton.engine;

import dev.baton.engine.model.StepKind;
import java.util.EnumMap;
import java.util.Map;

/** The runner of each kind of step. Adding a kind means one runner class and one line here. */
final class StepRunners {
    private final Map<StepKind, StepRunner> byKind = new EnumMap<>(StepKind.class);

    StepRunners(Expressions expressions) {
        LeafRunner leaf = new LeafRunner(expressions);
        byKind.put(StepKind.container, leaf);
        byKind.put(StepKind.bash, leaf);
        byKind.put(StepKind.python, leaf);
        byKind.put(StepKind.sql, leaf);
        byKind.put(StepKind.notebook, leaf);
        byKind.put(StepKind.noop, new NoopRunner());
        byKind.put(StepKind.sleep, new SleepRunner());
        byKind.put(StepKind.foreach, new ForeachRunner(expressions));
        byKind.put(StepKind.whileLoop, new WhileRunner(expressions));
        byKind.put(StepKind.subworkflow, new SubworkflowRunner(expressions));
        // A resource step's attempts are objects of any kind, read through its conditions: otherwise a leaf step.
        ResourceAttempts resources = new ResourceAttempts(expressions);
        byKind.put(StepKind.resource, new LeafRunner(expressions, resources::of));
        byKind.put(StepKind.http, new HttpRunner(expressions));
        for (StepKind kind : StepKind.values()) {
            if (!byKind.containsKey(kind)) {
                throw new IllegalStateException("no runner for steps of kind " + kind);
            }
        }
    }

    StepRunner of(StepKind kind) {
        return byKind.get(kind);
    }
}
