package dev.baton.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** What a failed reconcile tells the user: the API server's message when it refused, else the error, bounded. */
final class ReconcileFailures {
    /** Longest message kept: it lands in status and in an Event. */
    static final int MAX_MESSAGE = 1_000;

    private ReconcileFailures() {
    }

    static String describe(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof KubernetesClientException)) {
            cause = cause.getCause();
        }
        String message;
        if (cause instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
            message = "the API server refused (" + k.getCode() + "): " + k.getStatus().getMessage();
        } else {
            message = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        message = "reconcile failed, retrying: " + message;
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
    }
}
