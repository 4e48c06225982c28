package dev.baton.executor;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.Json;
import dev.baton.engine.Plan;
import dev.baton.engine.model.SecretRef;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepAction;
import dev.baton.engine.model.StepKind;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the pod of one attempt of a leaf step: the step container (image, command, env with the step
 * params and $BATON_OUTPUT), Baton's labels, and the user's podTemplate merged over it.
 */
public final class StepPodFactory {
    /** The container's termination message file: what a step writes there reaches the operator. */
    public static final String OUTPUT_PATH = "/dev/termination-log";
    public static final String CONTAINER = "step";

    private final StepImages images;

    public StepPodFactory(StepImages images) {
        this.images = images;
    }

    public PodTemplateSpec template(WorkflowInstance instance, Step step, Plan.Launch launch) {
        RunnerPod runner = RunnerPod.of(step.leaf());
        PodSpec pod = new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withSecurityContext(podSecurity())
                .withContainers(container(instance, step, launch, runner))
                .build();
        if (runner != null) {
            pod.setVolumes(new ArrayList<>(runner.volumes()));
        }
        List<Map<String, Object>> overlays = new ArrayList<>();
        Map<String, String> labels = labels(instance, step.name(), launch.attempt());
        Map<String, String> annotations = new LinkedHashMap<>();
        for (StepAction.PodTemplate o : step.leaf().podTemplates()) {
            if (o.spec() != null) {
                overlays.add(o.spec());
            }
            if (o.labels() != null) {
                o.labels().forEach(labels::putIfAbsent);
            }
            if (o.annotations() != null) {
                annotations.putAll(o.annotations());
            }
        }
        PodSpec merged = PodOverlay.apply(pod, overlays);
        merged.setRestartPolicy("Never"); // Baton retries; a kubelet restart would hide the attempt's result
        return new PodTemplateSpec(new ObjectMetaBuilder().withLabels(labels).withAnnotations(annotations).build(), merged);
    }

    /** Metadata of the attempt's Job or Pod: deterministic name, Baton's labels, owned by the instance. */
    public static ObjectMeta metadata(WorkflowInstance instance, String step, int attempt) {
        return new ObjectMetaBuilder()
                .withName(ChildNames.attempt(instance.getMetadata().getName(), step, attempt))
                .withNamespace(instance.getMetadata().getNamespace())
                .withLabels(labels(instance, step, attempt))
                .withOwnerReferences(owner(instance))
                .build();
    }

    static OwnerReference owner(WorkflowInstance instance) {
        return new OwnerReferenceBuilder()
                .withApiVersion(instance.getApiVersion())
                .withKind(instance.getKind())
                .withName(instance.getMetadata().getName())
                .withUid(instance.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    static Map<String, String> labels(WorkflowInstance instance, String step, int attempt) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.MANAGED_BY, Labels.MANAGER);
        labels.put(Labels.INSTANCE, instance.getMetadata().getName());
        labels.put(Labels.STEP, step);
        labels.put(Labels.ATTEMPT, String.valueOf(attempt));
        return labels;
    }

    private Container container(WorkflowInstance instance, Step step, Plan.Launch launch, RunnerPod runner) {
        StepAction.Leaf leaf = step.leaf();
        ResourceRequirements resources = leaf.resources() == null ? null : Json.convert(leaf.resources(), ResourceRequirements.class);
        ContainerBuilder c = new ContainerBuilder()
                .withName(CONTAINER)
                .withTerminationMessagePath(OUTPUT_PATH)
                .withTerminationMessagePolicy("File")
                .withSecurityContext(containerSecurity())
                .withEnv(env(instance, step, launch, runner));
        StepKind kind = step.kind();
        switch (kind) {
            case container -> c.withImage(leaf.image()).withCommand(launch.command()).withArgs(launch.args());
            case bash -> c.withImage(first(leaf.image(), images.bashImage())).withCommand("bash", "-c", leaf.script());
            case python -> c.withImage(first(leaf.image(), images.pythonImage())).withCommand("python3", "-c", leaf.script());
            case sql, notebook -> c.withImage(first(leaf.image(), runner.defaultImage(images))).withCommand(runner.command())
                    .withVolumeMounts(runner.mounts());
            default -> throw new IllegalArgumentException("step " + step.name() + " of kind " + kind + " runs in the operator");
        }
        c.withResources(resources);
        return c.build();
    }

    /**
     * The pod half of the `restricted` Pod Security profile, set before the user's podTemplate so a
     * workflow may relax it. A fixed non-root UID, because images such as debian and python default to
     * root and runAsNonRoot alone would stop them on a real node.
     */
    private PodSecurityContext podSecurity() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(images.runAsUser())
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    /** The container half of the `restricted` profile. */
    private static SecurityContext containerSecurity() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .build();
    }

    /**
     * The step's params, then its container env, then Baton's own variables, later ones winning by name.
     * A param that comes from a Secret is an env var from that Secret: its value is in no object Baton
     * writes, and the operator never reads it.
     */
    private static List<EnvVar> env(WorkflowInstance instance, Step step, Plan.Launch launch, RunnerPod runner) {
        Map<String, EnvVar> env = new LinkedHashMap<>();
        if (launch.params() != null) {
            launch.params().forEach((k, v) -> {
                SecretRef secret = launch.secrets().get(k);
                env.put(k, secret != null ? fromSecret(k, secret) : literal(k, v instanceof String s ? s : Json.write(v)));
            });
        }
        if (launch.env() != null) {
            launch.env().forEach((k, v) -> env.put(k, literal(k, v)));
        }
        if (runner != null) {
            runner.env().forEach((k, v) -> env.put(k, literal(k, v)));
        }
        env.put("BATON_OUTPUT", literal("BATON_OUTPUT", OUTPUT_PATH));
        env.put("BATON_INSTANCE", literal("BATON_INSTANCE", instance.getMetadata().getName()));
        env.put("BATON_STEP", literal("BATON_STEP", step.name()));
        env.put("BATON_ATTEMPT", literal("BATON_ATTEMPT", String.valueOf(launch.attempt())));
        return new ArrayList<>(env.values());
    }

    private static EnvVar literal(String name, String value) {
        return new EnvVar(name, value, null);
    }

    private static EnvVar fromSecret(String name, SecretRef secret) {
        return new EnvVarBuilder().withName(name)
                .withNewValueFrom().withNewSecretKeyRef(secret.key(), secret.name(), false).endValueFrom()
                .build();
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

}
