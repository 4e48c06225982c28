package dev.baton.engine.model;

/**
 * One validation problem, located by the path of the field that caused it (for example
 * {@code spec.params.regions[1]}), so a user can find and fix it without reading code.
 */
public record FieldError(String field, String message) {
    /** Longest field path and message kept: they echo what the user wrote, and land in status and Events. */
    public static final int MAX_TEXT = 500;
    /** Most errors named in one summary; the rest are counted. */
    public static final int MAX_LISTED = 20;

    public FieldError {
        field = shorten(printable(field));
        message = shorten(printable(message));
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }

    /**
     * Every error of a list in one line, for a condition's message: the first {@link #MAX_LISTED}, then how
     * many more, so a spec with thousands of mistakes still has a status of bounded size.
     */
    public static String summary(java.util.List<FieldError> errors) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < errors.size() && i < MAX_LISTED; i++) {
            out.append(i == 0 ? "" : "; ").append(errors.get(i));
        }
        if (errors.size() > MAX_LISTED) {
            out.append("; and ").append(errors.size() - MAX_LISTED).append(" more errors");
        }
        return out.toString();
    }

    /**
     * The text with control characters and line breaks written as escapes: a user's keys reach field
     * paths as written, and a line break in a condition's message or an Event would forge a new line.
     */
    private static String printable(String text) {
        if (text == null || text.codePoints().noneMatch(FieldError::unprintable)) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                out.append("\\n");
            } else if (unprintable(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static boolean unprintable(int c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029;
    }

    private static String shorten(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 3) + "...";
    }
}
