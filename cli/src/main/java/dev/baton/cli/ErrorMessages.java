package dev.baton.cli;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.file.NoSuchFileException;

/**
 * One line for any failure, worded as kubectl words it ("Error from server (NotFound): ...", "Unable to
 * connect to the server: ..."), so the plugin reads like the tool it extends. Never a stack trace: a user
 * cannot act on one, and scripts parse the first line.
 */
public final class ErrorMessages {
    private ErrorMessages() {
    }

    /** The line to print for {@code e}, and the exit code to leave with. */
    public record Report(String line, int exitCode) {
    }

    public static Report describe(Throwable e, String server) {
        if (e instanceof UserError u) {
            return new Report(u.line(), u.exitCode());
        }
        if (e instanceof KubernetesClientException k) {
            return new Report(fromServer(k, server), ExitCodes.ERROR);
        }
        if (e instanceof NoSuchFileException f) {
            return new Report("error: no such file: " + f.getFile(), ExitCodes.ERROR);
        }
        Throwable cause = root(e);
        return new Report("error: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()),
                ExitCodes.ERROR);
    }

    private static String fromServer(KubernetesClientException k, String server) {
        Status status = k.getStatus();
        if (status != null && status.getReason() != null && k.getCode() > 0) {
            String message = status.getMessage() == null ? k.getMessage() : status.getMessage();
            return "Error from server (" + status.getReason() + "): " + oneLine(message);
        }
        if (k.getCode() == 401) {
            return "error: You must be logged in to the server (Unauthorized)";
        }
        if (k.getCode() == 403) {
            return "Error from server (Forbidden): " + oneLine(k.getMessage());
        }
        String unreachable = unreachable(k);
        if (unreachable != null) {
            String at = server == null ? "" : " at " + server.replaceAll("/$", "");
            return "Unable to connect to the server" + at + ": " + unreachable;
        }
        return "error: " + oneLine(k.getMessage());
    }

    /** Why the server could not be reached, from the first network failure in the chain, or null for another failure. */
    private static String unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpConnectTimeoutException || t instanceof java.net.SocketTimeoutException) {
                return "connection timed out";
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof UnknownHostException) {
                return "no such host " + t.getMessage();
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "TLS: " + oneLine(t.getMessage());
            }
        }
        Throwable cause = root(e);
        return cause instanceof IOException ? oneLine(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage())
                : null;
    }

    private static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
