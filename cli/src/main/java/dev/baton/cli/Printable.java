package dev.baton.cli;

/**
 * Text from the cluster made safe for a terminal: step messages, outputs and names are written by users
 * and their programs, and an escape sequence in one would recolour or rewrite the screen (or forge a line).
 * Control characters are shown as {@code \\uXXXX}, line breaks as {@code \\n}.
 */
public final class Printable {
    private Printable() {
    }

    public static String of(Object value) {
        String text = value == null ? "" : String.valueOf(value);
        if (text.codePoints().noneMatch(Printable::control)) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                out.append("\\n");
            } else if (control(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static boolean control(int c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0x202e;
    }
}
