package dev.baton.api;

import io.fabric8.kubernetes.api.model.AnyType;
import java.util.HashMap;

/**
 * Schema stand-in for maps from names to any JSON value (params, outputs): an object whose values
 * have no declared type. Fields keep their plain {@code Map<String, Object>} Java type.
 */
public final class AnyValues extends HashMap<String, AnyType> {
    private AnyValues() {
    }
}
