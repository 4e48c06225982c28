package dev.baton.engine;

import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.ParamDecl;
import dev.baton.engine.model.SecretParam;
import dev.baton.engine.model.SecretRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compile-time rules of params that come from a Secret ({@code valueFrom.secretKeyRef}).
 *
 * <p>Baton never reads the Secret: the param holds a {@link SecretRef}, and only a step's pod resolves it,
 * as an env var. So the one thing a workflow can do with a secret param is pass it on whole: as a param of
 * a container, bash or python step ({@code TOKEN: "${params.token}"}), or to a subworkflow's params. Any
 * other use (inside a text, a command, a condition, a loop's params) could only ever see the reference,
 * never the value, so it is refused here with the field, rather than running with a wrong value.
 */
final class SecretParams {
    /** A Secret's (or ConfigMap's) name (a DNS subdomain) and a key of its data, as the API server checks them. */
    static final Pattern SECRET_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    static final Pattern SECRET_KEY = Pattern.compile("^[-._a-zA-Z0-9]+$");
    private static final String PARAM = "params\\s*(?:\\.\\s*([A-Za-z_][A-Za-z0-9_]*)|\\[\\s*'([^']*)'\\s*]|\\[\\s*\"([^\"]*)\"\\s*])";
    private static final Pattern MENTION = Pattern.compile("(?<![\\w.])" + PARAM);
    private static final Pattern WHOLE = Pattern.compile("^\\s*" + PARAM + "\\s*$");

    private SecretParams() {
    }

    /** The Secret reference of a param declaration's {@code valueFrom}, or null when it has none or it is wrong (reported). */
    static SecretRef declared(SpecFields p) {
        SpecFields from = p.object("valueFrom");
        if (from == null) {
            return null;
        }
        from.only(SpecFields.keys("secretKeyRef"));
        SpecFields ref = from.object("secretKeyRef");
        if (ref == null) {
            p.errors().add(new FieldError(from.field("secretKeyRef"), "required: {name, key} of a Secret in the instance's namespace"));
            return null;
        }
        SecretRef read = keyRef(ref);
        String name = read == null ? null : read.name();
        String key = read == null ? null : read.key();
        int before = p.errors().size();
        if (p.has("type") && !"string".equals(p.raw("type"))) {
            p.errors().add(new FieldError(p.field("type"), "a param from a Secret has type string: its container gets it as an env var"));
        }
        if (p.has("default")) {
            p.errors().add(new FieldError(p.field("default"), "a param from a Secret takes no default: its value is the Secret's"));
        }
        if (p.has("required")) {
            p.errors().add(new FieldError(p.field("required"), "a param from a Secret always has a value (the Secret's); leave required out"));
        }
        return name == null || key == null || p.errors().size() > before ? null : new SecretRef(name, key);
    }

    /** A {@code secretKeyRef: {name, key}} object, checked as the API server checks both, or null when wrong (reported). */
    static SecretRef keyRef(SpecFields ref) {
        ref.only(SpecFields.keys("name", "key"));
        String name = checked(ref, "name", SECRET_NAME, "a Secret name (lowercase letters, digits, '-' and '.')");
        String key = checked(ref, "key", SECRET_KEY, "a key of the Secret's data (letters, digits, '-', '_' and '.')");
        return name == null || key == null ? null : new SecretRef(name, key);
    }

    static String checked(SpecFields ref, String field, Pattern pattern, String what) {
        String value = ref.string(field);
        if (value == null || value.length() > 253 || !pattern.matcher(value).matches()) {
            ref.errors().add(new FieldError(ref.field(field), value == null ? "required: " + what : "must be " + what));
            return null;
        }
        return value;
    }

    /** The names of the declared params that come from a Secret. */
    static Set<String> names(Map<String, ParamDecl> declared) {
        Set<String> out = new TreeSet<>();
        declared.forEach((name, decl) -> {
            if (decl != null && decl.secret() != null) {
                out.add(name);
            }
        });
        return Set.copyOf(out);
    }

    /**
     * The params with each whole reference to a secret param ({@code "${params.token}"}) replaced by a
     * {@link SecretParam}: what a leaf step or a subworkflow may pass on. Other values are kept as written,
     * and any mention of a secret param left in them is refused by {@link #refuseIn}.
     */
    static Map<String, Object> passOn(Map<String, Object> params, Set<String> secrets) {
        if (params == null || secrets.isEmpty()) {
            return params;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            String whole = v instanceof String s ? whole(s) : null;
            out.put(k, whole != null && secrets.contains(whole) ? new SecretParam(whole) : v);
        });
        return out;
    }

    /** The param a template is exactly a reference to ({@code "${params.x}"}, {@code "${params['x']}"}), or null. */
    static String whole(String template) {
        Template t = Template.parse(template);
        if (!t.isSingleExpression()) {
            return null;
        }
        Matcher m = WHOLE.matcher(t.parts().get(0).text());
        return m.matches() ? name(m) : null;
    }

    /** Refuses every mention of a secret param in an expression or template at {@code field}. */
    static void refuseIn(String text, String field, Set<String> secrets, List<FieldError> errors) {
        if (text == null || secrets.isEmpty()) {
            return;
        }
        Matcher m = MENTION.matcher(text);
        Set<String> named = new TreeSet<>();
        while (m.find()) {
            if (secrets.contains(name(m))) {
                named.add(name(m));
            }
        }
        for (String name : named) {
            errors.add(new FieldError(field, "reads params." + name + ", which comes from a Secret: Baton never sees its value,"
                    + " so it cannot be part of a text, command or condition. Pass it whole as a param of a container, bash or"
                    + " python step (NAME: \"${params." + name + "}\"; the container gets it as an env var from the Secret),"
                    + " or to a subworkflow's params"));
        }
    }

    /**
     * A time trigger's params start a top-level instance, which cannot set a secret param: it always takes
     * the Workflow's own reference. Said here, by field, rather than by each instance the trigger starts.
     */
    static void refuseInTriggers(SpecFields spec, Set<String> secrets) {
        if (secrets.isEmpty() || !(spec.raw("triggers") instanceof Map<?, ?> triggers)) {
            return;
        }
        for (String kind : List.of("cron", "interval", "signals")) {
            if (triggers.get(kind) instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) instanceof Map<?, ?> trigger && trigger.get("params") instanceof Map<?, ?> params) {
                        for (Object key : params.keySet()) {
                            if (secrets.contains(String.valueOf(key))) {
                                spec.errors().add(new FieldError(spec.field("triggers") + "." + kind + "[" + i + "].params." + key,
                                        "comes from a Secret: the instances a trigger starts take the Workflow's reference, and no"
                                                + " instance can set it"));
                            }
                        }
                    }
                }
            }
        }
    }

    private static String name(Matcher m) {
        return m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
    }
}
