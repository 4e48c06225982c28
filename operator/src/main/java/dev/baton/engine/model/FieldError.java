package dev.baton.engine.model;

/**
 * One validation problem, located by the path of the field that caused it (for example
 * {@code spec.params.regions[1]}), so a user can find and fix it without reading code.
 */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
