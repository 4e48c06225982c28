package dev.baton.engine;

import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepPhase;
import dev.baton.engine.model.StepSignals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A step's emitSignals: in the pass that sees the step succeed, each listed signal is planned with its
 * params evaluated over the step's outputs. The reconciler creates them before it writes the status that
 * says Succeeded, under names made of the instance, the step and its run (firstAttempt): a lost write or a
 * crash plans the same signals again, whose creates then find them (exactly once), and a restarted run
 * emits anew.
 */
final class SignalEmits {
    private final Expressions expressions;

    SignalEmits(Expressions expressions) {
        this.expressions = expressions;
    }

    /**
     * Plans the signals of a step that has just succeeded; when a param cannot be evaluated, nothing is
     * emitted and the step fails, naming the field.
     */
    StepState plan(Step step, StepState succeeded, Pass pass) {
        List<StepSignals.Emit> emits = step.signals().emits();
        Map<String, Object> vars = new HashMap<>(pass.varsOf(succeeded));
        vars.put(GraphCompiler.EMIT_SCOPE, succeeded.outputs() == null ? Map.of() : succeeded.outputs());
        List<Plan.Emit> planned = new ArrayList<>();
        for (StepSignals.Emit emit : emits) {
            String field = StepTemplates.EMITS + emit.index() + "].params";
            Map<String, Object> params = new LinkedHashMap<>();
            try {
                for (Map.Entry<String, Object> p : emit.params().entrySet()) {
                    params.put(p.getKey(), StepInputs.value(field + "." + p.getKey(), p.getValue(), vars, expressions));
                }
                StepInputs.checkSize(field, params);
            } catch (StepInputs.InputException e) {
                return succeeded.withPhase(StepPhase.Failed, pass.now(), "its signals were not emitted: " + e.getMessage());
            }
            planned.add(new Plan.Emit(step.name(), succeeded.firstAttempt(), emit.index(), emit.name(), params));
        }
        planned.forEach(pass.out()::emit);
        return succeeded;
    }
}
