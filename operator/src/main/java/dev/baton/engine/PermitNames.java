package dev.baton.engine;

import dev.baton.engine.model.FieldError;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a {@code permits} list: names of ConcurrencyLimits, each once. */
final class PermitNames {
    static final String FIELD = "permits";
    /** Permits one step, body or workflow names at most. */
    static final int MAX = 10;
    /** A ConcurrencyLimit name short enough that its Leases' names ({@code <name>-<hash>}) stay valid. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private PermitNames() {
    }

    /** The names in {@code s.permits}, or empty; every bad entry is a field error. */
    static List<String> read(SpecFields s) {
        if (s == null) {
            return List.of();
        }
        List<String> names = s.strings(FIELD, MAX);
        if (names == null) {
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String field = s.field(FIELD) + "[" + i + "]";
            if (!NAME.matcher(name).matches()) {
                s.errors().add(new FieldError(field, "\"" + name + "\" is not a ConcurrencyLimit name: lowercase letters,"
                        + " digits and '-', at most 63 characters"));
            } else if (!seen.add(name)) {
                s.errors().add(new FieldError(field, "permit " + name + " is listed twice"));
            }
        }
        return names.stream().distinct().sorted().toList();
    }
}
