package dev.baton.engine;

import java.time.Instant;
import java.util.Map;

/**
 * What became of one attempt's HTTP call, as the operator that sent it knows it. The engine reads it to
 * end the attempt; see {@link HttpResults} for a call the operator does not know.
 *
 * @param status    the response's status, for {@link Kind#Response}
 * @param headers   the response's headers, names in lower case, several values joined by ", "
 * @param body      the response's body as text, cut at the operator's limit
 * @param truncated true when the body was longer than the limit and was cut
 * @param message   what went wrong, for the other kinds (never a header value: those may be secret)
 */
public record HttpResult(Kind kind, int status, Map<String, String> headers, String body, boolean truncated,
                         String message, Instant end) {
    public enum Kind {
        /** Sent, no answer yet. */
        InFlight,
        /** The server answered (any status). */
        Response,
        /** No answer: the connection failed or broke. */
        ConnectionError,
        /** No answer within the step's timeout. */
        Timeout,
        /** Not sent: the destination policy refuses the address (or a redirect's). */
        Refused,
        /** Not sent: a header's Secret or key does not exist, or the request could not be built. */
        Invalid
    }

    public static HttpResult inFlight() {
        return new HttpResult(Kind.InFlight, 0, Map.of(), null, false, null, null);
    }

    public static HttpResult failed(Kind kind, String message, Instant end) {
        return new HttpResult(kind, 0, Map.of(), null, false, message, end);
    }
}
