package dev.baton.cli;

/**
 * Colours for phases, or none: on only when stdout is a terminal (picocli's own test, which also honours
 * NO_COLOR, CLICOLOR_FORCE and -Dpicocli.ansi), so piped output and files stay plain text.
 */
public record Style(boolean colours) {
    public static final Style PLAIN = new Style(false);

    private static final String RESET = "\u001b[0m";

    /** The phase's name in its colour: green done well, red failed, yellow under way, grey left out. */
    public String phase(Object phase) {
        String text = String.valueOf(phase);
        if (!colours || phase == null) {
            return text;
        }
        String code = switch (text) {
            case "Succeeded" -> "32";
            case "Failed", "TimedOut", "UserError", "PlatformError", "Timeout" -> "31";
            case "Running", "Pending", "Queued", "Paused", "Admitting" -> "33";
            case "CompletedWithError", "Stopped" -> "35";
            default -> "2";
        };
        return "\u001b[" + code + "m" + text + RESET;
    }

    /** Text made faint: details a reader skims. */
    public String faint(String text) {
        return colours ? "\u001b[2m" + text + RESET : text;
    }

    /** Text in bold: the name of the run. */
    public String bold(String text) {
        return colours ? "\u001b[1m" + text + RESET : text;
    }
}
