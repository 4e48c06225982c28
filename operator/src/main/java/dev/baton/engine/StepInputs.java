package dev.baton.engine;

import dev.baton.engine.model.SecretParam;
import dev.baton.engine.model.SecretRef;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepAction;
import dev.baton.engine.model.StepKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A step's params and container fields with their ${expressions} evaluated, as it starts.
 *
 * @param secrets  the params that pass a secret param on, with its Secret reference: their container gets
 *                 them as env vars from the Secret (in {@code params} they appear as the reference)
 * @param manifest a resource step's object with its expressions evaluated, else null
 */
record StepInputs(Map<String, Object> params, List<String> command, List<String> args, Map<String, String> env,
                  Map<String, SecretRef> secrets, Map<String, Object> manifest) {

    StepInputs(Map<String, Object> params, List<String> command, List<String> args, Map<String, String> env,
               Map<String, SecretRef> secrets) {
        this(params, command, args, env, secrets, null);
    }

    /** An expression of the step could not be evaluated; the message names the field. */
    static final class InputException extends Exception {
        InputException(String message) {
            super(message);
        }
    }

    /**
     * Most JSON bytes a step's evaluated params may take. They are kept in the step's status (later steps
     * read them as {@code steps.x.params}), and a status has a size bound: a run of 200 steps at this bound
     * would pass it, but one step cannot crowd out the others' records.
     */
    static final int MAX_PARAMS_BYTES = 64 * 1024;

    static StepInputs evaluate(Step step, Map<String, Object> vars, Expressions expressions) throws InputException {
        Map<String, Object> params = evaluated("params", step.params(), vars, expressions);
        Map<String, SecretRef> secrets = new LinkedHashMap<>();
        step.params().forEach((name, raw) -> {
            if (raw instanceof SecretParam) {
                secrets.put(name, SecretRef.from(params.get(name)));
            }
        });
        if (step.action() instanceof StepAction.Resource r) {
            return new StepInputs(params, null, null, null, secrets, manifest(r, vars, expressions));
        }
        StepAction.Leaf leaf = step.leaf();
        if (leaf == null) {
            return new StepInputs(params, null, null, null, secrets);
        }
        if (leaf.sql() != null) {
            return new StepInputs(params, null, null, sqlParams(leaf.sql(), vars, expressions), secrets);
        }
        if (leaf.notebook() != null) {
            return new StepInputs(params, null, null, notebookEnv(leaf, vars, expressions), secrets);
        }
        if (step.kind() != StepKind.container) {
            return new StepInputs(params, null, null, leaf.env(), secrets); // a script's env is taken as written
        }
        List<String> command = strings("container.command", leaf.command(), vars, expressions);
        List<String> args = strings("container.args", leaf.args(), vars, expressions);
        Map<String, String> env = null;
        if (leaf.env() != null) {
            env = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : leaf.env().entrySet()) {
                env.put(e.getKey(), text("container.env." + e.getKey(), e.getValue(), vars, expressions));
            }
        }
        return new StepInputs(params, command, args, env, secrets);
    }

    /**
     * A sql step's bind params, evaluated, as the one env var its runner reads them from (JSON): they
     * reach the database as query parameters, never as SQL text.
     */
    private static Map<String, String> sqlParams(StepAction.Sql sql, Map<String, Object> vars, Expressions expressions)
            throws InputException {
        return Map.of(StepAction.Sql.PARAMS_ENV, Json.write(evaluated("sql.params", sql.params(), vars, expressions)));
    }

    /**
     * A notebook step's env as written, plus its evaluated papermill params (JSON, types kept) and output
     * location, the two env vars its runner reads them from.
     */
    private static Map<String, String> notebookEnv(StepAction.Leaf leaf, Map<String, Object> vars, Expressions expressions)
            throws InputException {
        StepAction.Notebook notebook = leaf.notebook();
        Map<String, Object> values = evaluated("notebook.params", notebook.params(), vars, expressions);
        Map<String, String> env = new LinkedHashMap<>(leaf.env() == null ? Map.of() : leaf.env());
        env.put(StepAction.Notebook.PARAMS_ENV, Json.write(values));
        env.put(StepAction.Notebook.OUTPUT_ENV, text("notebook.output", notebook.output(), vars, expressions));
        return env;
    }

    /** The params of {@code field} with their expressions evaluated, refused when past {@link #MAX_PARAMS_BYTES}. */
    private static Map<String, Object> evaluated(String field, Map<String, Object> raw, Map<String, Object> vars, Expressions expressions)
            throws InputException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> p : raw.entrySet()) {
            values.put(p.getKey(), value(field + "." + p.getKey(), p.getValue(), vars, expressions));
        }
        checkSize(field, values);
        return values;
    }

    /** Refuses params whose JSON is past {@link #MAX_PARAMS_BYTES}, naming the largest. */
    static void checkSize(String field, Map<String, Object> params) throws InputException {
        int total = 0;
        String largest = null;
        int largestSize = -1;
        for (Map.Entry<String, Object> p : params.entrySet()) {
            int size = Json.write(p.getValue()).length();
            total += size;
            if (size > largestSize) {
                largest = p.getKey();
                largestSize = size;
            }
        }
        if (total > MAX_PARAMS_BYTES) {
            throw new InputException(field + ": the evaluated params take " + total + " bytes of JSON, past the limit of "
                    + MAX_PARAMS_BYTES + " (the largest is " + field + "." + largest + ", " + largestSize
                    + " bytes): pass large data by reference (a path, a URL, a ConfigMap)");
        }
    }

    Plan.Launch launch(String step, int attempt) {
        return new Plan.Launch(step, attempt, params, command, args, env, secrets, manifest);
    }

    /**
     * Most JSON bytes a resource step's evaluated manifest may take: the API server's own limit on a request
     * is 3 MiB, but an object this large is data, which belongs in a ConfigMap or a volume it names.
     */
    static final int MAX_MANIFEST_BYTES = 256 * 1024;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> manifest(StepAction.Resource r, Map<String, Object> vars, Expressions expressions)
            throws InputException {
        Map<String, Object> evaluated = (Map<String, Object>) value("resource.manifest", r.manifest(), vars, expressions);
        int size = Json.write(evaluated).length();
        if (size > MAX_MANIFEST_BYTES) {
            throw new InputException("resource.manifest: the evaluated manifest takes " + size + " bytes of JSON, past the limit of "
                    + MAX_MANIFEST_BYTES + ": pass large data by reference (a ConfigMap, a volume, a URL)");
        }
        return evaluated;
    }

    static Object value(String field, Object raw, Map<String, Object> vars, Expressions expressions)
            throws InputException {
        if (raw instanceof SecretParam secret) {
            return reference(field, secret, vars);
        }
        if (raw instanceof String s) {
            try {
                return expressions.interpolate(s, vars);
            } catch (ExpressionException e) {
                throw new InputException(field + ": " + e.getMessage());
            }
        }
        if (raw instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(value(field + "[" + i + "]", list.get(i), vars, expressions));
            }
            return out;
        }
        if (raw instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(String.valueOf(e.getKey()), value(field + "." + e.getKey(), e.getValue(), vars, expressions));
            }
            return out;
        }
        return raw;
    }

    /** A secret param passed on: its Secret reference, never a value (Baton has none). */
    private static Map<String, Object> reference(String field, SecretParam secret, Map<String, Object> vars) throws InputException {
        SecretRef ref = vars.get("params") instanceof Map<?, ?> params ? SecretRef.from(params.get(secret.param())) : null;
        if (ref == null) {
            throw new InputException(field + ": params." + secret.param() + " holds no Secret reference");
        }
        return ref.json();
    }

    private static List<String> strings(String field, List<String> raw, Map<String, Object> vars, Expressions expressions)
            throws InputException {
        if (raw == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            out.add(text(field + "[" + i + "]", raw.get(i), vars, expressions));
        }
        return out;
    }

    private static String text(String field, String raw, Map<String, Object> vars, Expressions expressions)
            throws InputException {
        Object v = value(field, raw, vars, expressions);
        return v instanceof String s ? s : Json.write(v);
    }
}
