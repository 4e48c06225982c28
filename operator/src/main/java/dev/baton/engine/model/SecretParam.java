package dev.baton.engine.model;

/**
 * In a compiled step's params or a subworkflow's params: the workflow's secret param {@code param},
 * passed on whole ({@code TOKEN: "${params.token}"}). It stands for the param's Secret reference, which a
 * leaf step's pod turns into an env var from the Secret and a subworkflow hands to its child.
 */
public record SecretParam(String param) {
}
