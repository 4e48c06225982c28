package dev.baton.executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** JSON reading and writing of plain values at the executor's edge. */
final class Jsons {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Jsons() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Parses a JSON object; throws IllegalArgumentException with the parser's reason otherwise. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readObject(String text) {
        try {
            Object value = MAPPER.readValue(text, Object.class);
            if (value instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
            throw new IllegalArgumentException("expected a JSON object, got " + (value == null ? "null" : value.getClass().getSimpleName()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage());
        }
    }
}
