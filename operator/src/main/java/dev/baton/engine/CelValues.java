package dev.baton.engine;

import dev.cel.common.types.CelType;
import dev.cel.common.values.CelByteString;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between the values the rest of Baton handles (what Jackson produces from YAML and
 * JSON) and the values CEL understands.
 *
 * <p>CEL has one integer type ({@code int}, a Java {@code Long}) and one floating type
 * ({@code double}); Jackson gives {@code Integer}, {@code BigInteger} or {@code BigDecimal}
 * depending on the text, and CEL refuses to dispatch {@code >} on an {@code Integer}. CEL also
 * reads a Java {@code null} as "unknown" rather than {@code null}, so nulls must become its
 * {@code NullValue}. On the way out, CEL-specific types are turned back into plain values so
 * callers never depend on CEL classes.
 */
final class CelValues {

    private CelValues() {
    }

    /** The value in plain form (Long, Double, String, Boolean, List, Map or null), Java nulls kept. */
    static Object plain(Object value) {
        return convert(value, null);
    }

    /** The value as CEL input: plain form, with nulls as CEL's {@code null}. */
    static Object toCel(Object value) {
        return convert(value, dev.cel.common.values.NullValue.NULL_VALUE);
    }

    private static Object convert(Object value, Object nullValue) {
        if (value == null) {
            return nullValue;
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Number n) {
            return number(n);
        }
        if (value instanceof Character || value instanceof Enum<?>) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), convert(v, nullValue)));
            return out;
        }
        if (value instanceof Collection<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(convert(v, nullValue)));
            return out;
        }
        throw new ExpressionException("a " + value.getClass().getSimpleName() + " cannot be used in an expression");
    }

    /** Integral numbers become Long (Double when out of range), the others Double. */
    private static Object number(Number n) {
        if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return n.longValue();
        }
        if (n instanceof Float || n instanceof Double) {
            return n.doubleValue();
        }
        if (n instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
        }
        if (n instanceof BigDecimal d) {
            return d.doubleValue();
        }
        // Other integral types, such as CEL's unsigned long, print as their decimal digits.
        BigDecimal d = new BigDecimal(n.toString());
        if (d.scale() <= 0 && d.toBigInteger().bitLength() < 64) {
            return d.longValueExact();
        }
        return d.doubleValue();
    }

    /** A CEL result in plain form: null, unsigned, bytes, time and type values made ordinary. */
    static Object fromCel(Object value) {
        if (value == null || value instanceof dev.cel.common.values.NullValue) {
            return null;
        }
        if (value instanceof CelByteString bytes) {
            return bytes.isValidUtf8() ? bytes.toStringUtf8() : Base64.getEncoder().encodeToString(bytes.toByteArray());
        }
        if (value instanceof Instant || value instanceof Duration) {
            return value.toString();
        }
        if (value instanceof CelType type) {
            return type.name();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(fromCel(k)), fromCel(v)));
            return out;
        }
        if (value instanceof Collection<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(fromCel(v)));
            return out;
        }
        if (value instanceof Number || value instanceof String || value instanceof Boolean) {
            return plain(value);
        }
        return value.toString();
    }

    /** How a plain value reads inside text: strings as they are, lists and maps as JSON. */
    static String text(Object plain) {
        if (plain == null) {
            return "null";
        }
        if (plain instanceof String s) {
            return s;
        }
        if (plain instanceof Map<?, ?> || plain instanceof List<?>) {
            return Json.write(plain);
        }
        return plain.toString();
    }

    /** The CEL name of a plain value's type, for error messages. */
    static String typeName(Object plain) {
        if (plain == null) {
            return "null";
        }
        if (plain instanceof Boolean) {
            return "bool";
        }
        if (plain instanceof Long) {
            return "int";
        }
        if (plain instanceof Double) {
            return "double";
        }
        if (plain instanceof String) {
            return "string";
        }
        return plain instanceof List<?> ? "list" : plain instanceof Map<?, ?> ? "map" : plain.getClass().getSimpleName();
    }
}
