package dev.baton.engine;

import static dev.baton.engine.Gen.obj;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Random valid workflows, as the JSON trees the compiler reads. Steps form a DAG: step i depends only on
 * steps before it (so no cycle), each edge possibly with a condition that compiles and reads only its
 * upstream step; the steps are then declared in a random order.
 *
 * <p>{@link #runnable} gives what the planner simulation can run (noop, bash, python, container and
 * sleep steps, at most one level of foreach); {@link #broad} adds every kind and setting a user can
 * write (while loops, subworkflows, loops nested in loops, pod templates, resources, env, params,
 * defaults, run strategies), as the starting point of the compiler's mutations. Objects keep the order
 * they are written in ({@link Gen#obj}), so a seed gives the same tree in every JVM.
 */
final class RandomWorkflows {
    /** Edge conditions over the edge's source @: each compiles, and each gives a boolean when it runs. */
    static final List<String> CONDITIONS = List.of("true", "false", "params.p > 2", "steps.@.phase == 'Succeeded'",
            "has(steps.@.outputs.n) && steps.@.outputs.n % 2 == 0", "steps['@'].phase != 'Failed' || params.p < 5",
            "instance.name != ''");
    private static final int MAX_BODY_NESTING = 2;

    private RandomWorkflows() {
    }

    /** Small DAGs the run simulator can drive to the end; params.p is declared (a long). */
    static Map<String, Object> runnable(Random r) {
        List<Object> steps = steps(r, 8, "s", false, 0);
        String timeout = Gen.weighted(r, 6, 1) == 0 ? "" : Gen.between(r, 30, 1_800) + "s";
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("params", obj("p", obj("type", "long", "default", 3)));
        if (!timeout.isEmpty()) {
            spec.put("timeout", timeout);
        }
        spec.put("steps", steps);
        if (Gen.weighted(r, 2, 1) == 1) {
            spec.put("onExit", exitHooks(r));
        }
        return spec;
    }

    /** One to three exit hooks named h0, h1..., steps like the graph's (edges only to earlier hooks), each with a when. */
    private static List<Object> exitHooks(Random r) {
        List<Object> hooks = steps(r, 3, "h", false, 0);
        for (Object hook : hooks) {
            @SuppressWarnings("unchecked")
            Map<String, Object> h = (Map<String, Object>) hook;
            h.put("when", List.of("Succeeded", "Failed", "Always").get(Gen.between(r, 0, 2)));
            if (Gen.weighted(r, 2, 1) == 1) {
                h.put("failInstance", true);
            }
        }
        return hooks;
    }

    /** Valid workflows using every feature, loops nested up to two levels. */
    static Map<String, Object> broad(Random r) {
        List<Object> steps = steps(r, 6, "s", true, 0);
        Map<String, Object> spec = new LinkedHashMap<>(topLevel(r));
        spec.put("steps", steps);
        return spec;
    }

    private record Keyed(int key, Map<String, Object> step) {
    }

    /** One to {@code max} steps named prefix0, prefix1..., declared in a random order. */
    private static List<Object> steps(Random r, int max, String prefix, boolean broad, int depth) {
        int n = Gen.between(r, 1, max);
        List<Keyed> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            steps.add(new Keyed(Gen.between(r, 0, 999), step(r, i, prefix, broad, depth)));
        }
        steps.sort(Comparator.comparingInt(Keyed::key)); // stable: ties keep the order of the names
        List<Object> out = new ArrayList<>();
        steps.forEach(k -> out.add(k.step()));
        return out;
    }

    private static Map<String, Object> step(Random r, int i, String prefix, boolean broad, int depth) {
        Map<String, Object> kind = kind(r, broad, depth);
        List<Object> deps = edges(r, i, prefix);
        String failure = switch (Gen.weighted(r, 5, 1, 1, 2)) {
            case 0 -> "";
            case 1 -> "FailImmediately";
            case 2 -> "FailAfterRunning";
            default -> "Ignore";
        };
        Map<String, Object> retry = retry(r);
        int timeout = Gen.weighted(r, 3, 1) == 0 ? 0 : Gen.between(r, 5, 300);
        Map<String, Object> extra = extras(r, broad);

        Map<String, Object> step = new LinkedHashMap<>();
        step.put("name", prefix + i);
        if (!deps.isEmpty()) {
            step.put("dependsOn", deps);
        }
        if (!failure.isEmpty()) {
            step.put("onFailure", failure);
        }
        step.putAll(kind);
        if (kind.containsKey("bash") || kind.containsKey("python") || kind.containsKey("container")) {
            if (!retry.isEmpty()) {
                step.put("retry", retry);
            }
            if (timeout > 0) {
                step.put("timeout", timeout + "s");
            }
            Map<String, Object> rest = new LinkedHashMap<>(extra);
            Object resources = rest.remove("resources");
            if (resources != null) { // a field of the kind's object: {bash: {script, resources}}
                String field = kind.keySet().iterator().next();
                @SuppressWarnings("unchecked")
                Map<String, Object> settings = new LinkedHashMap<>((Map<String, Object>) kind.get(field));
                settings.put("resources", resources);
                step.put(field, settings);
            }
            step.putAll(rest);
        }
        return step;
    }

    /** Up to three edges to distinct earlier steps (none from step 0), each a plain name or with one of the {@link #CONDITIONS}. */
    private static List<Object> edges(Random r, int i, String prefix) {
        if (i == 0) {
            return List.of();
        }
        int n = Gen.between(r, 0, Math.min(3, i));
        List<Integer> sources = new ArrayList<>(IntStream.range(0, i).boxed().toList());
        List<Object> out = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            int source = sources.remove(r.nextInt(sources.size()));
            out.add(edge(prefix + source, Gen.between(r, -3, CONDITIONS.size() - 1)));
        }
        return out;
    }

    private static Object edge(String source, int condition) {
        return condition < 0 ? source : obj("step", source, "when", CONDITIONS.get(condition).replace("@", source));
    }

    /** A step's kind and its settings, as the single field naming the kind. */
    private static Map<String, Object> kind(Random r, boolean broad, int depth) {
        // noop, bash, python, container, sleep, foreach, while, subworkflow
        int[] weights;
        if (!broad) {
            weights = depth > 0 ? new int[]{3, 4, 1, 3, 1, 0, 0, 0} : new int[]{3, 4, 1, 3, 1, 1, 0, 0};
        } else if (depth >= MAX_BODY_NESTING) {
            weights = new int[]{2, 3, 1, 3, 1, 0, 0, 1};
        } else {
            weights = new int[]{2, 3, 1, 3, 1, 1, 1, 1};
        }
        return switch (Gen.weighted(r, weights)) {
            case 0 -> obj("noop", obj());
            case 1 -> obj("bash", obj("script", Gen.pick(r, "echo hi", "exit 1", "${HOME}")));
            case 2 -> obj("python", obj("script", "print(1)"));
            case 3 -> obj("container", obj("image", Gen.pick(r, "busybox:1.36", "registry.example:5000/team/img:1.2", "alpine"),
                    "args", List.of("${params.p}"), "env", obj("P", "${params.p}")));
            case 4 -> obj("sleep", obj("duration", Gen.between(r, 1, 120) + "s"));
            case 5 -> {
                int items = Gen.between(r, 1, 4);
                int concurrency = Gen.between(r, 1, 3);
                int retention = Gen.between(r, 0, 2);
                boolean strict = r.nextBoolean();
                List<Object> body = body(r, broad, depth);
                yield obj("foreach", obj("params", obj("x", IntStream.rangeClosed(1, items).boxed().toList()),
                        "concurrency", concurrency, "retention", retention, "strictOrdering", strict, "steps", body));
            }
            case 6 -> {
                int max = Gen.between(r, 1, 10);
                List<Object> body = body(r, true, depth);
                yield obj("while", obj("condition", "iteration < 3", "params", obj("n", 0), "maxIterations", max, "steps", body));
            }
            default -> obj("subworkflow", obj("workflow", "other", "params", obj("a", "${params.p}"), "sync", r.nextBoolean()));
        };
    }

    /** A loop body: one noop step in runnable workflows, a small DAG of any kind in broad ones. */
    private static List<Object> body(Random r, boolean broad, int depth) {
        if (!broad || depth >= MAX_BODY_NESTING) {
            return List.of(obj("name", "b", "noop", obj()));
        }
        return steps(r, 3, "b", true, depth + 1);
    }

    /** Each retry limit absent (about one time in four) or 0 to 3; a backoff: none (half the time), Fixed or Exponential. */
    private static Map<String, Object> retry(Random r) {
        int errors = Gen.between(r, -1, 3);
        int platform = Gen.between(r, -1, 3);
        int timeouts = Gen.between(r, -1, 3);
        Map<String, Object> backoff = switch (Gen.weighted(r, 2, 1, 1)) {
            case 0 -> obj();
            case 1 -> obj("type", "Fixed", "base", Gen.between(r, 1, 30) + "s");
            default -> obj("type", "Exponential", "base", Gen.between(r, 1, 10) + "s", "factor", 2, "max", "2m");
        };
        Map<String, Object> retry = new LinkedHashMap<>();
        putIf(retry, "errors", errors);
        putIf(retry, "platform", platform);
        putIf(retry, "timeouts", timeouts);
        if (!backoff.isEmpty()) {
            retry.put("backoff", backoff);
        }
        return retry;
    }

    private static void putIf(Map<String, Object> map, String key, int value) {
        if (value >= 0) {
            map.put(key, value);
        }
    }

    /**
     * What else a leaf step may set in broad workflows: a pod template (4 in 10), params (4 in 10), a
     * breakpoint, executor, description or image (1 in 2), resources (4 in 10).
     */
    private static Map<String, Object> extras(Random r, boolean broad) {
        if (!broad) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (!Gen.chance(r, 0.6)) {
            out.put("podTemplate", obj(
                    "metadata", obj("labels", obj("team", "data"), "annotations", obj("note", "x")),
                    "spec", obj("nodeSelector", obj("disk", "ssd"),
                            "containers", List.of(obj("name", "main", "env", List.of(obj("name", "X", "value", "1")))),
                            "tolerations", List.of(obj("key", "k", "operator", "Exists")))));
        }
        if (!Gen.chance(r, 0.6)) {
            out.put("params", obj("N", "${params.p}", "M", 1));
        }
        if (!Gen.chance(r, 0.5)) {
            out.putAll(Gen.pick(r, obj("breakpoint", true), obj("executor", "Pod"), obj("description", "a step"),
                    obj("image", "busybox:1.36")));
        }
        if (!Gen.chance(r, 0.6)) {
            String q = Gen.pick(r, "500m", "2", "1Gi", "1e3", "0.5");
            out.put("resources", obj("limits", obj("cpu", q, "memory", "1Gi"), "requests", obj("cpu", q)));
        }
        return out;
    }

    /** The workflow-level fields of a broad workflow: params, defaults, timeout, run strategy, limits. */
    private static Map<String, Object> topLevel(Random r) {
        Map<String, Object> defaults = switch (r.nextInt(4)) {
            case 0 -> obj();
            case 1 -> obj("image", "busybox:1.36");
            case 2 -> obj("retry", obj("errors", 1, "backoff", obj("type", "Fixed", "base", "5s")), "timeout", "10m");
            default -> obj("executor", "Pod", "podTemplate", obj("spec", obj("serviceAccountName", "runner")));
        };
        Map<String, Object> strategy = switch (r.nextInt(3)) {
            case 0 -> obj();
            case 1 -> obj("type", "Parallel", "concurrency", 3);
            default -> obj("type", "SerialLatestOnly");
        };
        String timeout = Gen.pick(r, "", "1h", "90s");
        int concurrency = Gen.between(r, 0, 5);

        Map<String, Object> top = new LinkedHashMap<>();
        top.put("description", "random workflow");
        top.put("params", obj("p", obj("type", "long", "default", 3),
                "regions", obj("type", "stringArray", "default", List.of("us", "eu")),
                "flag", obj("type", "boolean", "required", true)));
        if (!defaults.isEmpty()) {
            top.put("defaults", defaults);
        }
        if (!strategy.isEmpty()) {
            top.put("runStrategy", strategy);
        }
        if (!timeout.isEmpty()) {
            top.put("timeout", timeout);
        }
        if (concurrency > 0) {
            top.put("stepConcurrency", concurrency);
        }
        return top;
    }
}
