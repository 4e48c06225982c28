package dev.baton.reconciler;

import dev.baton.engine.model.AttemptOutcome;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The API server's refusal to create an attempt's Job or Pod. What retrying cannot fix (the object is
 * invalid, Pod Security or a quota forbids it) is the user's to mend: the attempt ends as a user error,
 * retried under the step's {@code retry.errors}; anything else (overload, timeouts) is the platform's.
 */
record Refusal(int code, String message) {
    static Refusal of(KubernetesClientException e) {
        return new Refusal(e.getCode(), e.getStatus() == null || e.getStatus().getMessage() == null ? e.getMessage()
                : e.getStatus().getMessage());
    }

    /**
     * Whether a failed create may still have created the object: no HTTP answer at all (connection reset or
     * closed, client timeout: Fabric8 gives code -1, or 0 without a status), or 504, the API server's "the
     * request may still be persisted", or a 500 that says a call timed out (etcd's "request timed out", the
     * reason ServerTimeout). Such a failure says nothing about the attempt.
     */
    static boolean outcomeUnknown(KubernetesClientException e) {
        if (e.getCode() == 500) {
            // etcd timed out the write ("etcdserver: request timed out"), or the API server its own call: it may be stored.
            String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : String.valueOf(e.getMessage());
            String reason = e.getStatus() == null ? null : e.getStatus().getReason();
            return "ServerTimeout".equals(reason) || "Timeout".equals(reason) || message.toLowerCase(java.util.Locale.ROOT).contains("timed out");
        }
        return e.getCode() <= 0 || e.getCode() == 504;
    }

    AttemptOutcome outcome() {
        return code == 400 || code == 403 || code == 422 ? AttemptOutcome.UserError : AttemptOutcome.PlatformError;
    }
}
