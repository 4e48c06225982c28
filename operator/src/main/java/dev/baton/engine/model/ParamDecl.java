package dev.baton.engine.model;

/**
 * The declaration of one workflow parameter.
 *
 * @param defaultValue the value used when an instance gives none, or null
 * @param secret       for a param declared with {@code valueFrom.secretKeyRef}: the Secret key it comes
 *                     from (its value is never read by Baton), else null
 */
public record ParamDecl(ParamType type, Object defaultValue, boolean required, String description, SecretRef secret) {
    public ParamDecl(ParamType type, Object defaultValue, boolean required, String description) {
        this(type, defaultValue, required, description, null);
    }
}
