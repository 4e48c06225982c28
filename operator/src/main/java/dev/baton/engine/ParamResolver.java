package dev.baton.engine;

import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.ParamDecl;
import dev.baton.engine.model.ParamType;
import dev.baton.engine.model.SecretRef;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the params an instance gives into the values its expressions see, checked against the
 * workflow's declarations.
 *
 * <p>Checking happens once, when the instance starts, so a wrong type is reported on the
 * instance with its field path instead of surfacing later as an obscure expression error. Values
 * come from Jackson and may be Integer, BigInteger or BigDecimal; they leave as Long, Double,
 * String, Boolean, List or Map, the types CEL works with. Every error is returned at once, so a
 * user can fix them all in one edit; nothing here throws.
 */
public final class ParamResolver {

    /** Params are read as {@code params.name} in CEL, so a name must be a CEL identifier. */
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");
    /** CEL reserves these words; {@code params.in} would not parse. */
    private static final Set<String> RESERVED = Set.of("as", "break", "const", "continue", "else", "false", "for",
            "function", "if", "import", "in", "let", "loop", "package", "namespace", "null", "return", "true", "var",
            "void", "while");

    /** The resolved values by param name, and every problem found; values are complete only when errors is empty. */
    public record Resolution(Map<String, Object> values, List<FieldError> errors) {
    }

    /**
     * Each declared param gets the given value, else its default; a required param without either
     * is an error, an optional one is left out. Given params the workflow does not declare are errors.
     * An explicit null counts as not given.
     */
    public Resolution resolve(Map<String, ParamDecl> declared, Map<String, Object> given) {
        return resolve(declared, given, false);
    }

    /**
     * As {@link #resolve(Map, Map)}; {@code fromParent} says the values were handed on by Baton from a
     * parent run (a subworkflow child's), which alone may give a secret param, and only as a Secret
     * reference. A user's instance never names a Secret: only a Workflow's declaration does.
     */
    public Resolution resolve(Map<String, ParamDecl> declared, Map<String, Object> given, boolean fromParent) {
        Map<String, ParamDecl> declarations = declared == null ? Map.of() : declared;
        Map<String, Object> values = given == null ? Map.of() : given;
        Map<String, Object> resolved = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        declarations.forEach((name, spec) -> {
            String field = "spec.params." + name;
            Object value = values.get(name);
            if (spec != null && spec.secret() != null) {
                secret(name, spec.secret(), value, fromParent, resolved, errors);
                return;
            }
            if (value != null && fromParent && SecretRef.from(value) != null) {
                errors.add(new FieldError(field, "the parent passes a Secret reference; declare the param with"
                        + " valueFrom.secretKeyRef to receive one"));
                return;
            }
            if (value == null && spec != null && spec.defaultValue() != null) {
                value = spec.defaultValue();
                field += ".default";
            }
            if (value == null) {
                if (spec != null && spec.required()) {
                    errors.add(new FieldError(field, "required parameter has no value"));
                }
                return;
            }
            Object coerced = coerce(field, spec == null ? null : spec.type(), value, errors);
            if (coerced != null) {
                resolved.put(name, coerced);
            }
        });
        String known = declarations.isEmpty() ? "none" : String.join(", ", declarations.keySet());
        for (String name : values.keySet()) {
            if (!declarations.containsKey(name)) {
                errors.add(new FieldError("spec.params." + name, "not declared by the workflow (declared: " + known + ")"));
            }
        }
        return new Resolution(resolved, errors);
    }

    /** A secret param resolves to its Secret reference: the declared one, or one its parent hands on. */
    private static void secret(String name, SecretRef declared, Object given, boolean fromParent,
                               Map<String, Object> resolved, List<FieldError> errors) {
        if (given == null) {
            resolved.put(name, declared.json());
        } else if (fromParent && SecretRef.from(given) != null) {
            resolved.put(name, SecretRef.from(given).json());
        } else {
            errors.add(new FieldError("spec.params." + name, "comes from a Secret (valueFrom.secretKeyRef in the Workflow);"
                    + " an instance cannot give it a value, which would be stored in its spec"));
        }
    }

    /** Problems in the declarations themselves: names expressions cannot read, missing types, bad defaults. */
    public List<FieldError> checkDeclarations(Map<String, ParamDecl> declared) {
        List<FieldError> errors = new ArrayList<>();
        if (declared == null) {
            return errors;
        }
        declared.forEach((name, spec) -> {
            String field = "spec.params." + name;
            if (!NAME.matcher(name).matches()) {
                errors.add(new FieldError(field, "\"" + name + "\" is not a valid parameter name: use letters, digits"
                        + " and '_', not starting with a digit, so expressions can read it as params." + name));
            } else if (RESERVED.contains(name)) {
                errors.add(new FieldError(field, "\"" + name + "\" is a reserved word in expressions; choose another name"));
            }
            if (spec == null || spec.type() == null) {
                errors.add(new FieldError(field + ".type", "a type is required"));
                return;
            }
            if (spec.required() && spec.defaultValue() != null) {
                errors.add(new FieldError(field + ".default", "a required parameter cannot have a default"));
            }
            if (spec.defaultValue() != null) {
                coerce(field + ".default", spec.type(), spec.defaultValue(), errors);
            }
        });
        return errors;
    }

    /** The value in the declared type's Java form, or null after adding errors. */
    private static Object coerce(String field, ParamType type, Object value, List<FieldError> errors) {
        if (type == null) {
            return CelValues.plain(value);
        }
        ParamType element = elementType(type);
        if (element == null) {
            return scalar(field, type, value, errors);
        }
        if (!(value instanceof List<?> list)) {
            errors.add(mismatch(field, type, value));
            return null;
        }
        int before = errors.size();
        List<Object> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(scalar(field + "[" + i + "]", element, list.get(i), errors));
        }
        return errors.size() == before ? out : null;
    }

    private static Object scalar(String field, ParamType type, Object value, List<FieldError> errors) {
        boolean matches = switch (type) {
            case STRING -> value instanceof String;
            case BOOLEAN -> value instanceof Boolean;
            case LONG, DOUBLE -> value instanceof Number;
            case MAP -> value instanceof Map<?, ?>;
            default -> throw new IllegalArgumentException(type + " is not a scalar type");
        };
        if (!matches) {
            errors.add(mismatch(field, type, value));
            return null;
        }
        return switch (type) {
            case LONG -> whole(field, (Number) value, errors);
            case DOUBLE -> ((Number) value).doubleValue();
            case MAP -> map(field, (Map<?, ?>) value, errors);
            default -> value;
        };
    }

    /** A number as a Long when it is whole and in range: JSON writers often print 10 as 10.0. */
    private static Object whole(String field, Number n, List<FieldError> errors) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return n.longValue();
        }
        BigDecimal d;
        try {
            d = n instanceof BigDecimal b ? b : n instanceof BigInteger b ? new BigDecimal(b) : new BigDecimal(n.toString());
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "expected long, got " + n));
            return null;
        }
        if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
            errors.add(new FieldError(field, "expected long, got " + n + ", which is not a whole number"));
            return null;
        }
        // More than 19 digits before the point is out of range; checked before toBigInteger, which would
        // expand a decimal such as 1E+999999999 digit by digit (an exception, or minutes of CPU).
        if (d.signum() != 0 && d.precision() - d.scale() > 19) {
            errors.add(new FieldError(field, "expected long, got " + n + ", which is out of range"));
            return null;
        }
        BigInteger i = d.toBigInteger();
        if (i.bitLength() >= 64) {
            errors.add(new FieldError(field, "expected long, got " + n + ", which is out of range"));
            return null;
        }
        return i.longValue();
    }

    private static Object map(String field, Map<?, ?> map, List<FieldError> errors) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                errors.add(new FieldError(field, "expected map with string keys, got key " + key));
                return null;
            }
        }
        return CelValues.plain(map);
    }

    private static FieldError mismatch(String field, ParamType expected, Object value) {
        return new FieldError(field, "expected " + typeName(expected) + ", got " + jsonType(value));
    }

    private static ParamType elementType(ParamType type) {
        return switch (type) {
            case STRING_ARRAY -> ParamType.STRING;
            case LONG_ARRAY -> ParamType.LONG;
            case DOUBLE_ARRAY -> ParamType.DOUBLE;
            case BOOLEAN_ARRAY -> ParamType.BOOLEAN;
            default -> null;
        };
    }

    /** The name users write in {@code type:}, as declared on {@link ParamType}. */
    private static String typeName(ParamType type) {
        return switch (type) {
            case STRING -> "string";
            case LONG -> "long";
            case DOUBLE -> "double";
            case BOOLEAN -> "boolean";
            case STRING_ARRAY -> "stringArray";
            case LONG_ARRAY -> "longArray";
            case DOUBLE_ARRAY -> "doubleArray";
            case BOOLEAN_ARRAY -> "booleanArray";
            case MAP -> "map";
        };
    }

    /** The JSON type of a value, which is what a user sees in the YAML they wrote. */
    static String jsonType(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Number) {
            return "number";
        }
        return value instanceof List<?> ? "array" : value instanceof Map<?, ?> ? "object" : value.getClass().getSimpleName();
    }
}
