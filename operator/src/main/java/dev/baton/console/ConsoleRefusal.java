package dev.baton.console;

/** A request the console refuses, with the HTTP status and a message for people (shown as is, escaped, in the page). */
public final class ConsoleRefusal extends RuntimeException {
    private final int status;

    public ConsoleRefusal(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static ConsoleRefusal badRequest(String message) {
        return new ConsoleRefusal(400, message);
    }

    static ConsoleRefusal notFound(String message) {
        return new ConsoleRefusal(404, message);
    }

    static ConsoleRefusal forbidden(String message) {
        return new ConsoleRefusal(403, message);
    }
}
