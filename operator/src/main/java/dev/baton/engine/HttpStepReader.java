package dev.baton.engine;

import dev.baton.engine.model.FieldError;
import dev.baton.engine.model.RetryPolicy;
import dev.baton.engine.model.SecretRef;
import dev.baton.engine.model.StepAction;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads an {@code http} step: the request, its success condition and outputs, and which statuses are retried. */
final class HttpStepReader {
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Longest request timeout: a call holds a connection and a slot of the operator's bounded concurrency. */
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
    static final List<String> DEFAULT_RETRY_STATUSES = List.of("5xx");
    /** The variable successCondition and outputs read, besides those every expression sees. */
    static final String RESPONSE = "response";
    private static final Pattern STATUS = Pattern.compile("^[1-5]([0-9]{2}|xx)$");
    private static final Pattern TOKEN = Pattern.compile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$");
    /** Headers the HTTP client sets itself (and refuses from a caller). */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");
    private static final int MAX_HEADERS = 50;
    private static final int MAX_OUTPUTS = 50;

    private final Expressions expressions;

    /** Why a request may not carry this header name, or null: not a token, or one the HTTP client sets itself. */
    static String headerNameProblem(String name) {
        if (!TOKEN.matcher(name).matches()) {
            return "\"" + name + "\" is not a header name";
        }
        return RESTRICTED.contains(name.toLowerCase(Locale.ROOT)) ? "the HTTP client sets " + name + " itself" : null;
    }

    HttpStepReader(Expressions expressions) {
        this.expressions = expressions;
    }

    StepAction.Http read(SpecFields s, Set<String> scope, RetryPolicy retry) {
        s.only(SpecFields.keys("url", "method", "headers", "body", "timeout", "successCondition", "outputs", "retryStatuses"));
        String url = s.string("url");
        if (url == null) {
            s.errors().add(new FieldError(s.field("url"), "a URL is required"));
        } else {
            String problem = checkUrl(url, true);
            if (problem != null) {
                s.errors().add(new FieldError(s.field("url"), problem));
            }
        }
        String method = s.string("method");
        if (method != null && !METHODS.contains(method)) {
            s.errors().add(new FieldError(s.field("method"), "must be one of " + String.join(", ", new java.util.TreeSet<>(METHODS))
                    + ", got \"" + method + "\""));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, SecretRef> secretHeaders = new LinkedHashMap<>();
        headers(s, headers, secretHeaders);
        Duration timeout = s.duration("timeout");
        if (timeout != null && (timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0)) {
            s.errors().add(new FieldError(s.field("timeout"), "must be more than 0 and at most 10m"));
        }
        Set<String> withResponse = new HashSet<>(scope);
        withResponse.add(RESPONSE);
        String condition = s.string("successCondition");
        if (condition != null) {
            try {
                expressions.checkCondition(condition, withResponse);
            } catch (ExpressionException e) {
                s.errors().add(new FieldError(s.field("successCondition"), e.getMessage()));
            }
        }
        Map<String, String> outputs = s.stringMap("outputs");
        if (outputs != null && outputs.size() > MAX_OUTPUTS) {
            s.errors().add(new FieldError(s.field("outputs"), "at most " + MAX_OUTPUTS + " outputs"));
        }
        (outputs == null ? Map.<String, String>of() : outputs).forEach((name, expression) -> {
            try {
                expressions.check(expression, withResponse);
            } catch (ExpressionException e) {
                s.errors().add(new FieldError(s.field("outputs") + "." + name, e.getMessage()));
            }
        });
        List<String> statuses = s.strings("retryStatuses", 100);
        for (String status : statuses == null ? List.<String>of() : statuses) {
            if (!STATUS.matcher(status).matches()) {
                s.errors().add(new FieldError(s.field("retryStatuses"), "\"" + status + "\" is neither a status such as 503 nor a class such as 5xx"));
            }
        }
        return new StepAction.Http(url, method == null ? "GET" : method, headers, secretHeaders, s.raw("body"),
                timeout == null ? DEFAULT_TIMEOUT : timeout, condition, outputs == null ? Map.of() : outputs,
                statuses == null ? DEFAULT_RETRY_STATUSES : statuses, retry);
    }

    private static void headers(SpecFields s, Map<String, String> values, Map<String, SecretRef> secrets) {
        Map<String, Object> raw = s.anyMap("headers");
        if (raw == null) {
            return;
        }
        if (raw.size() > MAX_HEADERS) {
            s.errors().add(new FieldError(s.field("headers"), "at most " + MAX_HEADERS + " headers"));
        }
        SpecFields all = s.object("headers");
        raw.forEach((name, value) -> {
            String field = all.field(name);
            String problem = headerNameProblem(name);
            if (problem != null) {
                s.errors().add(new FieldError(field, problem));
            } else if (value instanceof String text) {
                values.put(name, text);
            } else if (value instanceof Map<?, ?>) {
                SpecFields from = all.object(name);
                from.only(SpecFields.keys(SecretRef.FIELD));
                SpecFields ref = from.object(SecretRef.FIELD);
                if (ref == null) {
                    s.errors().add(new FieldError(field, "a header is a text or {secretKeyRef: {name, key}}"));
                } else {
                    SecretRef read = SecretParams.keyRef(ref);
                    if (read != null) {
                        secrets.put(name, read);
                    }
                }
            } else {
                s.errors().add(new FieldError(field, "a header is a text or {secretKeyRef: {name, key}}, got " + SpecFields.describe(value)));
            }
        });
    }

    /**
     * What is wrong with a URL, or null. A URL written with ${expressions} is checked as far as it is
     * written ({@code lenient}) and again, whole, when the step starts.
     */
    static String checkUrl(String url, boolean lenient) {
        if (lenient && url.contains("${")) {
            String lower = url.toLowerCase(Locale.ROOT);
            return lower.startsWith("${") || lower.startsWith("http://") || lower.startsWith("https://") ? null
                    : "must be an http:// or https:// URL, got \"" + url + "\"";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return "\"" + url + "\" is not a URL: " + e.getReason();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "must be an http:// or https:// URL, got \"" + url + "\"";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "\"" + url + "\" names no host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not carry credentials in the URL: put them in a header from a Secret";
        }
        return null;
    }
}
