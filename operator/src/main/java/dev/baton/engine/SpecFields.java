package dev.baton.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.baton.engine.model.Durations;
import dev.baton.engine.model.FieldError;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One object of a spec as JSON gives it (maps, lists, strings, numbers), read field by field: each value
 * is checked against the type the field needs, and every mismatch becomes a {@link FieldError} naming
 * its path, instead of an exception. Loop bodies reach the operator unchecked by the CRD schema, so
 * nothing in them may be trusted to have its type.
 */
final class SpecFields {
    private final Map<?, ?> map;
    private final String at;
    private final List<FieldError> errors;

    private SpecFields(Map<?, ?> map, String at, List<FieldError> errors) {
        this.map = map;
        this.at = at;
        this.errors = errors;
    }

    /** The object at {@code at}; anything but an object is reported and read as an empty one. */
    static SpecFields of(Object raw, String at, List<FieldError> errors) {
        if (raw instanceof Map<?, ?> m) {
            return new SpecFields(m, at, errors);
        }
        if (raw != null) {
            errors.add(new FieldError(at, "must be an object, got " + jsonType(raw)));
        }
        return new SpecFields(Map.of(), at, errors);
    }

    String path() {
        return at;
    }

    String field(String key) {
        return at + "." + key;
    }

    List<FieldError> errors() {
        return errors;
    }

    /** The object's fields by name, in the order written. */
    Map<String, Object> entries() {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    boolean has(String key) {
        return map.get(key) != null;
    }

    Object raw(String key) {
        return map.get(key);
    }

    /** Reports every key not among {@code known}: a misspelled field would otherwise be silently ignored. */
    void only(Set<String> known) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                errors.add(new FieldError(field(String.valueOf(key)), "unknown field (known: " + String.join(", ", new TreeSet<>(known)) + ")"));
            }
        }
    }

    String string(String key) {
        Object v = map.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        mismatch(key, "a string", v);
        return null;
    }

    Boolean bool(String key) {
        Object v = map.get(key);
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        mismatch(key, "true or false", v);
        return null;
    }

    /** A whole number within [min, max], or null when absent or wrong. */
    Long whole(String key, long min, long max) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        BigInteger n = wholeValue(v);
        if (n == null) {
            mismatch(key, "a whole number", v);
            return null;
        }
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            errors.add(new FieldError(field(key), "must be between " + min + " and " + max + ", got " + n));
            return null;
        }
        return n.longValue();
    }

    Integer integer(String key, int min, int max) {
        Long n = whole(key, min, max);
        return n == null ? null : n.intValue();
    }

    /** A number at least {@code min}, or null when absent or wrong. */
    Double number(String key, double min) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            mismatch(key, "a number", v);
            return null;
        }
        if (n.doubleValue() < min) {
            errors.add(new FieldError(field(key), "must be at least " + min + ", got " + n));
            return null;
        }
        return n.doubleValue();
    }

    /** One of the enum's values as users write them (its {@code @JsonProperty} name when it has one). */
    <E extends Enum<E>> E oneOf(String key, Class<E> type) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            String name = written(type, e);
            if (name.equals(v)) {
                return e;
            }
            names.add(name);
        }
        errors.add(new FieldError(field(key), "must be one of " + String.join(", ", names) + ", got " + describe(v)));
        return null;
    }

    Duration duration(String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            mismatch(key, "a duration such as 90s, 30m or 2h", v);
            return null;
        }
        try {
            return Durations.parse(s);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(field(key), e.getMessage()));
            return null;
        }
    }

    /** The nested object, or null when absent (a wrong type is reported). */
    SpecFields object(String key) {
        Object v = map.get(key);
        return v == null ? null : of(v, field(key), errors);
    }

    /** The list, or null when absent; longer than {@code max} or not a list is reported. */
    List<?> list(String key, int max) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> l)) {
            mismatch(key, "a list", v);
            return null;
        }
        if (l.size() > max) {
            errors.add(new FieldError(field(key), "at most " + max + " entries, got " + l.size()));
            return null;
        }
        return l;
    }

    List<String> strings(String key, int max) {
        List<?> l = list(key, max);
        if (l == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            if (l.get(i) instanceof String s) {
                out.add(s);
            } else {
                errors.add(new FieldError(field(key) + "[" + i + "]", "must be a string, got " + describe(l.get(i))));
            }
        }
        return List.copyOf(out);
    }

    /** A map of strings to strings (env, labels), or null when absent. */
    Map<String, String> stringMap(String key) {
        SpecFields o = object(key);
        if (o == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : o.map.entrySet()) {
            if (e.getValue() instanceof String s) {
                out.put(String.valueOf(e.getKey()), s);
            } else {
                errors.add(new FieldError(o.field(String.valueOf(e.getKey())), "must be a string, got " + describe(e.getValue())));
            }
        }
        return out;
    }

    /** A map of names to any JSON value (params), or null when absent. */
    Map<String, Object> anyMap(String key) {
        SpecFields o = object(key);
        if (o == null) {
            return null;
        }
        return o.entries();
    }

    private void mismatch(String key, String expected, Object got) {
        errors.add(new FieldError(field(key), "must be " + expected + ", got " + describe(got)));
    }

    private static BigInteger wholeValue(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return BigInteger.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger b) {
            return b;
        }
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            BigDecimal d = new BigDecimal(n.toString());
            return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0 ? d.toBigInteger() : null;
        }
        return null;
    }

    private static <E extends Enum<E>> String written(Class<E> type, E value) {
        try {
            JsonProperty p = type.getField(value.name()).getAnnotation(JsonProperty.class);
            return p == null ? value.name() : p.value();
        } catch (NoSuchFieldException e) {
            return value.name();
        }
    }

    /** A value as the user wrote it, shortened: error messages land in status and must stay small. */
    static String describe(Object v) {
        String text = v instanceof String s ? "\"" + s + "\"" : v instanceof Map<?, ?> || v instanceof List<?> ? jsonType(v) : String.valueOf(v);
        return text.length() > 64 ? text.substring(0, 61) + "..." : text;
    }

    /** The JSON type of a value with its article ("a string", "an object"), as messages name it. */
    static String jsonType(Object v) {
        String type = ParamResolver.jsonType(v);
        return (type.startsWith("a") || type.startsWith("o") ? "an " : "a ") + type;
    }

    static Set<String> keys(String... names) {
        return Set.copyOf(Arrays.asList(names));
    }
}
