package dev.baton.console;

import dev.baton.api.StepActionSpec;
import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Json;
import dev.baton.engine.model.InstancePhase;
import dev.baton.reconciler.StopPatch;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The console's actions, the same writes as {@code kubectl baton}: suspend and resume (spec.suspend), stop and
 * kill (spec.stop, with the uid seen, as the operator's own StopPatch), restart (spec.restart with a new nonce)
 * and step actions (appended to spec.actions by a fresh id). Each is sent with the caller's client, so in
 * kubernetes mode the API server checks the user's own rights once more.
 */
public final class ConsoleActions {
    static final Set<String> STEP_ACTIONS = Set.of("Skip", "Bypass", "Stop", "Kill", "Restart");

    /** What the page asks: an action on the run, or with path a step action. */
    public record Request(String action, String policy, String step, String path) {
    }

    private final Clock clock;

    public ConsoleActions(Clock clock) {
        this.clock = clock;
    }

    /** Carries out the request; the answer is the line the page shows. */
    public String act(KubernetesClient client, WorkflowInstance current, Request r) {
        if (r.action() == null) {
            throw ConsoleRefusal.badRequest("action: required (suspend, resume, stop, kill, restart, or a step action with path)");
        }
        String name = current.getMetadata().getName();
        if (r.path() != null) {
            return stepAction(client, current, r);
        }
        InstancePhase phase = current.getStatus() == null ? null : current.getStatus().phase;
        switch (r.action()) {
            case "suspend" -> merge(client, current, Map.of("suspend", true));
            case "resume" -> merge(client, current, Map.of("suspend", false));
            case "stop", "kill" -> {
                if (phase != null && phase.terminal()) {
                    throw new ConsoleRefusal(409, name + " has already ended (" + phase + "): nothing to " + r.action());
                }
                String mode = r.action().equals("stop") ? "Stop" : "Kill";
                if (!call(() -> StopPatch.set(client, current, mode))) {
                    throw ConsoleRefusal.notFound(name + " is gone, or its name was taken by another instance");
                }
            }
            case "restart" -> merge(client, current, restart(current, r, phase));
            default -> throw ConsoleRefusal.badRequest("action: expected suspend, resume, stop, kill or restart, got \"" + r.action() + "\"");
        }
        return name + ": " + r.action() + " requested";
    }

    private Map<String, Object> restart(WorkflowInstance current, Request r, InstancePhase phase) {
        String name = current.getMetadata().getName();
        if (phase == null || !phase.terminal()) {
            throw new ConsoleRefusal(409, name + " is " + (phase == null ? "not started" : phase) + ": a restart serves an ended run (stop it first)");
        }
        String policy = r.policy() == null ? "FromIncomplete" : r.policy();
        if (!Set.of("FromIncomplete", "FromBeginning", "FromStep").contains(policy)) {
            throw ConsoleRefusal.badRequest("policy: expected FromIncomplete, FromBeginning or FromStep, got \"" + policy + "\"");
        }
        Map<String, Object> restart = new LinkedHashMap<>();
        restart.put("policy", policy);
        if (policy.equals("FromStep")) {
            if (r.step() == null || current.getStatus().steps.stream().noneMatch(st -> r.step().equals(st.name))) {
                throw ConsoleRefusal.badRequest("step: FromStep needs one of the run's steps, got \"" + r.step() + "\"");
            }
            restart.put("step", r.step());
        }
        // A new value each time: the operator serves each nonce once.
        restart.put("nonce", "console-" + clock.millis());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("stop", "");
        spec.put("restart", restart);
        return spec;
    }

    private String stepAction(KubernetesClient client, WorkflowInstance current, Request r) {
        if (!STEP_ACTIONS.contains(r.action())) {
            throw ConsoleRefusal.badRequest("action: a step action is one of " + STEP_ACTIONS + ", got \"" + r.action() + "\"");
        }
        StepActionSpec asked = new StepActionSpec();
        asked.id = "console-" + r.action().toLowerCase(Locale.ROOT) + "-" + clock.millis();
        asked.action = r.action();
        asked.path = r.path();
        var instances = client.resources(WorkflowInstance.class).inNamespace(current.getMetadata().getNamespace());
        for (int tries = 0; ; tries++) {
            WorkflowInstance fresh = call(() -> instances.withName(current.getMetadata().getName()).get());
            if (fresh == null) {
                throw ConsoleRefusal.notFound(current.getMetadata().getName() + " is gone");
            }
            Map<String, Object> patch = Map.of("metadata", Map.of("resourceVersion", fresh.getMetadata().getResourceVersion()),
                    "spec", Map.of("actions", withAction(fresh, asked)));
            try {
                instances.withName(fresh.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE), Json.write(patch));
                return fresh.getMetadata().getName() + ": " + r.action() + " " + r.path() + " asked (id " + asked.id + ")";
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || tries == 2) {
                    throw refusal(e);
                }
            }
        }
    }

    static List<StepActionSpec> withAction(WorkflowInstance current, StepActionSpec asked) {
        try {
            return dev.baton.api.StepActionList.withAction(current, asked);
        } catch (IllegalStateException e) {
            throw new ConsoleRefusal(409, e.getMessage());
        }
    }

    private static void merge(KubernetesClient client, WorkflowInstance current, Map<String, Object> spec) {
        String patch = Json.write(Map.of("metadata", Map.of("uid", current.getMetadata().getUid()), "spec", spec));
        call(() -> client.resources(WorkflowInstance.class).inNamespace(current.getMetadata().getNamespace())
                .withName(current.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE), patch));
    }

    private static <T> T call(java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            throw refusal(e);
        }
    }

    /** The API server's refusal (403 for the user's RBAC, 404, 422) as the page shows it. */
    static ConsoleRefusal refusal(KubernetesClientException e) {
        String why = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        int code = e.getCode() >= 400 && e.getCode() < 600 ? e.getCode() : 502;
        return new ConsoleRefusal(code, "the API server refused: " + why);
    }
}
