package dev.baton.engine;

import dev.baton.engine.model.Executor;
import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.RetryPolicy;
import dev.baton.engine.model.StepAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings a leaf step may take from {@code spec.defaults}: executor, image, timeout, retry and pod
 * template, as read from one object (the defaults or a step). {@link #over} applies a step's own over the
 * defaults, field by field; this is the one place where defaults are resolved.
 */
record LeafSettings(Executor executor, String image, Duration timeout, Retry retry, StepAction.PodTemplate podTemplate,
                    Boolean timeoutIncludesAdmission) {
    static final Set<String> FIELDS = SpecFields.keys("executor", "image", "timeout", "retry", "podTemplate",
            "timeoutIncludesAdmission");
    static final LeafSettings NONE = new LeafSettings(null, null, null, Retry.NONE, null, null);
    /** Most retries of one failure class: every attempt is kept in status, which must stay small. */
    static final int MAX_RETRIES = 100;
    // The grammar of an image reference (distribution/reference), lower-case repository components.
    private static final Pattern IMAGE = Pattern.compile(
            "^(?:(?:localhost|[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+)(?::[0-9]+)?/|[A-Za-z0-9-]+:[0-9]+/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
                    + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$");

    /** Retry limits and backoff as written; a step's backoff replaces the default's whole. */
    record Retry(Integer errors, Integer platform, Integer timeouts, Backoff backoff) {
        static final Retry NONE = new Retry(null, null, null, null);
    }

    record Backoff(boolean fixed, Duration base, Double factor, Duration max) {
    }

    static LeafSettings read(SpecFields s, PodChecks checks) {
        String image = image(s, "image");
        return new LeafSettings(s.oneOf("executor", Executor.class), image, s.duration("timeout"), retry(s.object("retry")),
                podTemplate(s.object("podTemplate"), checks), s.bool("timeoutIncludesAdmission"));
    }

    /** This step's settings over the defaults. */
    LeafSettings over(LeafSettings defaults) {
        Retry r = new Retry(first(retry.errors, defaults.retry.errors), first(retry.platform, defaults.retry.platform),
                first(retry.timeouts, defaults.retry.timeouts), first(retry.backoff, defaults.retry.backoff));
        return new LeafSettings(first(executor, defaults.executor), first(image, defaults.image),
                first(timeout, defaults.timeout), r, podTemplate,
                first(timeoutIncludesAdmission, defaults.timeoutIncludesAdmission));
    }

    /** The resolved retry policy, with Maestro's defaults for what neither the step nor the workflow says. */
    RetryPolicy retryPolicy() {
        Backoff b = retry.backoff;
        return RetryPolicy.of(retry.errors, retry.platform, retry.timeouts, b != null && b.fixed,
                b == null ? null : b.base, b == null ? null : b.factor, b == null ? null : b.max);
    }

    Executor executorOrDefault() {
        return executor == null ? Executor.Job : executor;
    }

    /** An image reference at {@code key}, checked against the reference grammar. */
    static String image(SpecFields s, String key) {
        String image = s.string(key);
        if (image != null && (image.length() > 255 || !IMAGE.matcher(image).matches())) {
            s.errors().add(new FieldError(s.field(key), "\"" + image + "\" is not a valid image reference"));
            return null;
        }
        return image;
    }

    private static Retry retry(SpecFields s) {
        if (s == null) {
            return Retry.NONE;
        }
        s.only(SpecFields.keys("errors", "platform", "timeouts", "backoff"));
        int most = LeafSettings.MAX_RETRIES;
        Retry r = new Retry(s.integer("errors", 0, most), s.integer("platform", 0, most), s.integer("timeouts", 0, most), null);
        SpecFields b = s.object("backoff");
        if (b == null) {
            return r;
        }
        b.only(SpecFields.keys("type", "base", "factor", "max"));
        String type = b.string("type");
        if (type != null && !type.equals("Exponential") && !type.equals("Fixed")) {
            b.errors().add(new FieldError(b.field("type"), "must be one of Exponential, Fixed, got " + SpecFields.describe(type)));
        }
        return new Retry(r.errors, r.platform, r.timeouts,
                new Backoff("Fixed".equals(type), b.duration("base"), b.number("factor", 1), b.duration("max")));
    }

    private static StepAction.PodTemplate podTemplate(SpecFields s, PodChecks checks) {
        if (s == null) {
            return null;
        }
        s.only(SpecFields.keys("metadata", "spec"));
        SpecFields meta = s.object("metadata");
        if (meta != null) {
            meta.only(SpecFields.keys("labels", "annotations"));
        }
        var spec = s.anyMap("spec");
        if (spec != null) {
            s.errors().addAll(checks.podSpec(spec, s.field("spec")));
        }
        return new StepAction.PodTemplate(meta == null ? null : meta.stringMap("labels"),
                meta == null ? null : meta.stringMap("annotations"), spec);
    }

    /**
     * The workflow's defaults with its spec.priorityClassName set on every pod, under what the defaults'
     * own pod template says (which wins, as the step's does over both).
     */
    LeafSettings withPriorityClass(String name) {
        if (name == null) {
            return this;
        }
        java.util.Map<String, Object> spec = new java.util.LinkedHashMap<>();
        spec.put("priorityClassName", name);
        if (podTemplate != null && podTemplate.spec() != null) {
            spec.putAll(podTemplate.spec());
        }
        StepAction.PodTemplate merged = podTemplate == null ? new StepAction.PodTemplate(null, null, spec)
                : new StepAction.PodTemplate(podTemplate.labels(), podTemplate.annotations(), spec);
        return new LeafSettings(executor, image, timeout, retry, merged, timeoutIncludesAdmission);
    }

    // --- Kueue (issue 21): spec.queue ---

    /**
     * The workflow's defaults with its spec.queue as the Kueue queue label of every pod template, under
     * what the defaults' own pod template labels say (which win, as with any label).
     */
    LeafSettings withQueue(String queue) {
        if (queue == null) {
            return this;
        }
        java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
        if (podTemplate != null && podTemplate.labels() != null) {
            labels.putAll(podTemplate.labels());
        }
        labels.putIfAbsent(StepAction.Leaf.QUEUE_LABEL, queue);
        StepAction.PodTemplate merged = podTemplate == null ? new StepAction.PodTemplate(labels, null, null)
                : new StepAction.PodTemplate(labels, podTemplate.annotations(), podTemplate.spec());
        return new LeafSettings(executor, image, timeout, retry, merged, timeoutIncludesAdmission);
    }

    boolean timeoutIncludesAdmissionOrDefault() {
        return Boolean.TRUE.equals(timeoutIncludesAdmission);
    }

    // --- end Kueue ---

    /** The workflow's pod template then the step's, those that exist. */
    List<StepAction.PodTemplate> podTemplates(LeafSettings defaults) {
        List<StepAction.PodTemplate> out = new ArrayList<>();
        if (defaults.podTemplate != null) {
            out.add(defaults.podTemplate);
        }
        if (podTemplate != null) {
            out.add(podTemplate);
        }
        return List.copyOf(out);
    }

    private static <T> T first(T a, T b) {
        return a != null ? a : b;
    }
}
