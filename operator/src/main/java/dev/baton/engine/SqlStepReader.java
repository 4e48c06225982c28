package dev.baton.engine;

import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.SecretRef;
import dev.baton.engine.model.SqlEngine;
import dev.baton.engine.model.StepAction;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a sql step's own fields: the engine, the Secret holding the connection, exactly one of query and
 * script, the bind params the query's placeholders name, and the bounds of its outputs.
 */
final class SqlStepReader {
    static final java.util.Set<String> FIELDS = SpecFields.keys("engine", "connection", "query", "script", "params", "outputs", "resources");
    /** The key of the connection Secret read when {@code secretRef.key} is not written. */
    static final String DEFAULT_KEY = "uri";
    static final int DEFAULT_MAX_ROWS = 20;
    static final int MAX_ROWS = 1_000;
    /**
     * The outputs travel as the runner container's termination message, which the kubelet cuts at 4 KiB
     * (AttemptReader refuses one that long), so the runner keeps its JSON under this many bytes.
     */
    static final int MAX_BYTES = 3_584;
    static final int DEFAULT_MAX_BYTES = 3_072;
    static final int MIN_BYTES = 256;
    /** A bind param's name, as the runner's placeholders ({@code %(name)s}) and every driver accept it. */
    private static final Pattern PARAM_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,62}$");
    /** A literal percent ({@code %%}), a named placeholder, or a positional one. */
    private static final Pattern PLACEHOLDER = Pattern.compile("%%|%\\(([^)]*)\\)s|%s");

    private SqlStepReader() {
    }

    static StepAction.Sql read(SpecFields s) {
        s.only(FIELDS);
        SqlEngine engine = engine(s);
        SecretRef secret = connection(s);
        String query = s.string("query");
        String script = s.string("script");
        if ((query == null) == (script == null)) {
            s.errors().add(new FieldError(s.path(), query == null
                    ? "set query (one statement, params bound) or script (several statements, no params)"
                    : "set query or script, not both"));
        }
        Map<String, Object> params = s.anyMap("params");
        params = params == null ? Map.of() : params;
        params.keySet().forEach(name -> {
            if (!PARAM_NAME.matcher(name).matches()) {
                s.errors().add(new FieldError(s.field("params") + "." + name,
                        "\"" + name + "\" is not a bind param name (a letter or '_', then letters, digits and '_')"));
            }
        });
        if (script != null && !params.isEmpty()) {
            s.errors().add(new FieldError(s.field("params"), "a script takes no params: its statements run as written;"
                    + " bind params in a query (one statement) instead"));
        }
        if (query != null && !params.isEmpty()) {
            placeholders(query, params, s);
        }
        SpecFields outputs = s.object("outputs");
        Integer maxRows = null;
        Integer maxBytes = null;
        if (outputs != null) {
            outputs.only(SpecFields.keys("maxRows", "maxBytes"));
            maxRows = outputs.integer("maxRows", 0, MAX_ROWS);
            maxBytes = outputs.integer("maxBytes", MIN_BYTES, MAX_BYTES);
        }
        return new StepAction.Sql(engine, secret, query, script, params, maxRows == null ? DEFAULT_MAX_ROWS : maxRows,
                maxBytes == null ? DEFAULT_MAX_BYTES : maxBytes);
    }

    private static SqlEngine engine(SpecFields s) {
        String name = s.string("engine");
        if (name == null && s.has("engine")) {
            return null; // not a string: reported
        }
        SqlEngine engine = SqlEngine.named(name);
        if (engine == null) {
            s.errors().add(new FieldError(s.field("engine"), (name == null ? "required" : "unknown engine \"" + name + "\"")
                    + ": one of " + String.join(", ", SqlEngine.names())));
        }
        return engine;
    }

    /** The Secret (and key) whose value is the connection URI; the operator never reads it. */
    private static SecretRef connection(SpecFields s) {
        SpecFields c = s.object("connection");
        if (c == null) {
            s.errors().add(new FieldError(s.field("connection"), "required: {secretRef: {name, key}}, the Secret holding the connection URI"));
            return null;
        }
        c.only(SpecFields.keys("secretRef"));
        SpecFields ref = c.object("secretRef");
        if (ref == null) {
            c.errors().add(new FieldError(c.field("secretRef"), "required: {name, key} of a Secret in the instance's namespace"));
            return null;
        }
        ref.only(SpecFields.keys("name", "key"));
        String name = SecretParams.checked(ref, "name", SecretParams.SECRET_NAME, "a Secret name (lowercase letters, digits, '-' and '.')");
        String key = ref.has("key")
                ? SecretParams.checked(ref, "key", SecretParams.SECRET_KEY, "a key of the Secret's data (letters, digits, '-', '_' and '.')")
                : DEFAULT_KEY;
        return name == null || key == null ? null : new SecretRef(name, key);
    }

    /** Each placeholder of a query with params must name one of them: the driver would fail at run time. */
    private static void placeholders(String query, Map<String, Object> params, SpecFields s) {
        Matcher m = PLACEHOLDER.matcher(query);
        while (m.find()) {
            if (m.group().equals("%s")) {
                s.errors().add(new FieldError(s.field("query"), "%s is a positional placeholder: name it, %(name)s, after one"
                        + " of params (and write a literal percent as %%)"));
                return;
            }
            if (m.group(1) != null && !params.containsKey(m.group(1))) {
                s.errors().add(new FieldError(s.field("query"), "%(" + m.group(1) + ")s names no param (params: "
                        + String.join(", ", new java.util.TreeSet<>(params.keySet())) + ")"));
            }
        }
    }
}
