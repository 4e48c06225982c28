package dev.baton.reconciler;

import dev.baton.api.Workflow;
import dev.baton.engine.Json;
import dev.baton.engine.WeighedCache;
import dev.baton.engine.model.FieldError;
import dev.baton.executor.PodPolicy;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The operator's pod policy applied to a Workflow in its namespace: nothing when the policy is off or the
 * namespace is exempt, else the refusals of {@link PodPolicy}. Verdicts are kept per revision, so a burst
 * of instances of one workflow reads its spec once.
 */
public class PodPolicyCheck {
    /** No policy: every pod template is allowed. */
    public static final PodPolicyCheck OFF = new PodPolicyCheck(PodPolicy.OFF, ns -> true);
    private final PodPolicy policy;
    private final Predicate<String> exempt;
    private final WeighedCache<List<FieldError>> verdicts = new WeighedCache<>(1024, Long.MAX_VALUE);

    public PodPolicyCheck(PodPolicy policy, Predicate<String> exempt) {
        this.policy = policy;
        this.exempt = exempt;
    }

    /** The refusals of the workflow's current spec, whose revision is {@code revision}. */
    public List<FieldError> refusals(Workflow workflow, String revision) {
        String ns = workflow.getMetadata().getNamespace();
        if (!policy.enabled() || exempt.test(ns)) {
            return List.of();
        }
        String key = ns + "/" + revision;
        List<FieldError> known = verdicts.get(key);
        if (known == null) {
            Map<String, Object> spec = Json.tree(workflow.getSpec());
            known = List.copyOf(policy.check(spec));
            verdicts.put(key, known, 1);
        }
        return known;
    }
}
