package dev.baton.engine.model;

/**
 * The declaration of one workflow parameter.
 *
 * @param defaultValue the value used when an instance gives none, or null
 */
public record ParamDecl(ParamType type, Object defaultValue, boolean required, String description) {
}
