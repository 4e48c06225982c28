package dev.baton.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;

/**
 * Baton's one JSON mapper for plain values (maps, lists, strings, numbers) and for converting them to
 * and from model classes: params written into env vars and args, a step's outputs read back, spec trees
 * handed to the compiler. Immutable once built, so one instance serves every thread. The Kubernetes
 * client keeps its own mapper, tuned for watch decoding.
 */
public final class Json {
    /** Empty objects ({@code noop: {}}) are values too, not errors. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
    /** Sorted keys, so equal values always give equal text (revision hashes). */
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value + " as JSON", e);
        }
    }

    /** The same text for equal values, whatever order their maps were built in. */
    public static byte[] canonical(Object value) {
        try {
            return CANONICAL.writeValueAsBytes(CANONICAL.valueToTree(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value + " as JSON", e);
        }
    }

    /** Parses a JSON object; throws IllegalArgumentException with the parser's reason otherwise. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readObject(String text) {
        try {
            Object value = MAPPER.readValue(text, Object.class);
            if (value instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
            throw new IllegalArgumentException("expected a JSON object, got " + (value == null ? "null" : value.getClass().getSimpleName()));
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new IllegalArgumentException(e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
    }

    /** Parses any JSON value; throws IllegalArgumentException with the parser's reason otherwise. */
    public static Object read(String text) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage());
        }
    }

    /** A value as another type (a model object as plain maps, or plain maps as a model object). */
    public static <T> T convert(Object value, Class<T> type) {
        return MAPPER.convertValue(value, type);
    }

    /** A model object (or a map) as a plain JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> tree(Object value) {
        return MAPPER.convertValue(value, Map.class);
    }
}
