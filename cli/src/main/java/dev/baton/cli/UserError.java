package dev.baton.cli;

/**
 * A mistake the user can fix, reported as one line on stderr (never a stack trace) with its exit code:
 * {@link ExitCodes#USAGE} for the command line, {@link ExitCodes#ERROR} for what the cluster holds.
 */
public final class UserError extends RuntimeException {
    private final int exitCode;
    /** The whole line as kubectl would print it, or null to print "error: " and the message. */
    private final String line;

    public UserError(int exitCode, String message) {
        this(exitCode, message, null);
    }

    private UserError(int exitCode, String message, String line) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.line = line;
    }

    /** An object that does not exist, worded as kubectl words a 404: {@code resource} as "workflows.baton.dev". */
    public static UserError notFound(String resource, String name) {
        String message = resource + " \"" + name + "\" not found";
        return new UserError(ExitCodes.ERROR, message, "Error from server (NotFound): " + message);
    }

    /** The line to print on stderr. */
    public String line() {
        return line != null ? line : "error: " + getMessage();
    }

    public static UserError usage(String message) {
        return new UserError(ExitCodes.USAGE, message);
    }

    public static UserError of(String message) {
        return new UserError(ExitCodes.ERROR, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
