package dev.baton.executor;

import dev.baton.engine.model.FieldError;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the operator's pod policy refuses in a workflow's pod templates, read from the spec as written so
 * each refusal names its field: hostPath volumes, privileged containers, the host's network, PID and IPC
 * namespaces, and service accounts outside the allowed list. A namespace labelled
 * {@code baton.dev/pod-policy=unrestricted} (labelling a Namespace is a cluster administrator's right) is
 * exempt. Checked when a Workflow is validated and when an instance pins a revision, so a refused
 * workflow is Valid=False and never starts a pod.
 *
 * @param serviceAccounts the service accounts a pod template may name; empty: any
 */
public record PodPolicy(boolean enabled, Set<String> serviceAccounts) {
    public static final String OPT_IN_LABEL = "baton.dev/pod-policy";
    public static final String OPT_IN_VALUE = "unrestricted";
    public static final PodPolicy OFF = new PodPolicy(false, Set.of());
    private static final List<String> HOST_NAMESPACES = List.of("hostNetwork", "hostPID", "hostIPC");
    private static final List<String> CONTAINER_LISTS = List.of("containers", "initContainers", "ephemeralContainers");
    private static final List<String> LOOPS = List.of("foreach", "while");

    public PodPolicy {
        serviceAccounts = Set.copyOf(serviceAccounts);
    }

    public static PodPolicy of(PodPolicySettings settings) {
        return new PodPolicy(settings.enabled(), settings.serviceAccounts().orElse(Set.of()));
    }

    /** Every refusal in a workflow spec (as JSON): the defaults' pod template and each step's, loop bodies included. */
    public List<FieldError> check(Map<String, Object> spec) {
        List<FieldError> errors = new java.util.ArrayList<>();
        if (!enabled || spec == null) {
            return errors;
        }
        if (spec.get("defaults") instanceof Map<?, ?> defaults) {
            template(defaults.get("podTemplate"), "spec.defaults.podTemplate", errors);
        }
        steps(spec.get("steps"), "spec.steps", errors);
        return errors;
    }

    /** Steps and the bodies of their loops; the compiler has bounded how deep loops nest. */
    private void steps(Object steps, String field, List<FieldError> errors) {
        if (!(steps instanceof List<?> list)) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> step) {
                String at = field + "[" + i + "]";
                template(step.get("podTemplate"), at + ".podTemplate", errors);
                for (String loop : LOOPS) {
                    if (step.get(loop) instanceof Map<?, ?> body) {
                        steps(body.get("steps"), at + "." + loop + ".steps", errors);
                    }
                }
            }
        }
    }

    private void template(Object template, String field, List<FieldError> errors) {
        if (!(template instanceof Map<?, ?> t) || !(t.get("spec") instanceof Map<?, ?> pod)) {
            return;
        }
        String at = field + ".spec";
        for (String key : List.of("serviceAccountName", "serviceAccount")) {
            if (pod.get(key) instanceof String account && !serviceAccounts.isEmpty() && !serviceAccounts.contains(account)) {
                errors.add(refused(at + "." + key, "service account \"" + account + "\" is not one the operator allows ("
                        + String.join(", ", new TreeSet<>(serviceAccounts)) + ")"));
            }
        }
        for (String key : HOST_NAMESPACES) {
            if (Boolean.TRUE.equals(pod.get(key))) {
                errors.add(refused(at + "." + key, "the host's namespaces are refused"));
            }
        }
        if (pod.get("volumes") instanceof List<?> volumes) {
            for (int i = 0; i < volumes.size(); i++) {
                if (volumes.get(i) instanceof Map<?, ?> v && v.get("hostPath") != null) {
                    errors.add(refused(at + ".volumes[" + i + "].hostPath", "hostPath volumes are refused"));
                }
            }
        }
        for (String list : CONTAINER_LISTS) {
            if (pod.get(list) instanceof List<?> containers) {
                for (int i = 0; i < containers.size(); i++) {
                    if (containers.get(i) instanceof Map<?, ?> c && c.get("securityContext") instanceof Map<?, ?> sc
                            && Boolean.TRUE.equals(sc.get("privileged"))) {
                        errors.add(refused(at + "." + list + "[" + i + "].securityContext.privileged", "privileged containers are refused"));
                    }
                }
            }
        }
    }

    private static FieldError refused(String field, String why) {
        return new FieldError(field, why + " by the operator's pod policy in this namespace (a cluster administrator may"
                + " exempt a namespace by labelling it " + OPT_IN_LABEL + "=" + OPT_IN_VALUE + ")");
    }
}
