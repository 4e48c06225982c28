package dev.baton.engine;

import dev.baton.engine.model.AttemptOutcome;
import dev.baton.engine.model.Step;
import dev.baton.engine.model.StepAction;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The two ends of an http step's attempt, both pure: the request its templates give, and the verdict on a
 * response (successCondition, outputs, and the failure class of a status).
 */
final class HttpExchange {
    /**
     * Most JSON bytes of an http step's outputs: the same bound as a pod step's termination message, so a
     * step's outputs weigh the same in status whatever its kind.
     */
    static final int MAX_OUTPUT_BYTES = 4 * 1024;
    /** How much of a failing response's body its message quotes. */
    static final int EXCERPT = 200;
    /** Reasons of attempts that a retry cannot change: the step fails at once. */
    static final String REFUSED = "DestinationRefused";
    static final String INVALID = "InvalidRequest";
    static final String EXPRESSION = "ExpressionFailed";

    private final Expressions expressions;

    HttpExchange(Expressions expressions) {
        this.expressions = expressions;
    }

    /** The request of one attempt: URL, headers and body with their ${expressions} evaluated. */
    Plan.Call request(Step step, int attempt, Map<String, Object> vars) throws StepInputs.InputException {
        StepAction.Http http = step.http();
        String url = text("http.url", http.url(), vars);
        String problem = HttpStepReader.checkUrl(url, false);
        if (problem != null) {
            throw new StepInputs.InputException("http.url: " + problem);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : http.headers().entrySet()) {
            headers.put(h.getKey(), text("http.headers." + h.getKey(), h.getValue(), vars));
        }
        String body = null;
        if (http.body() instanceof String template) {
            body = text("http.body", template, vars);
        } else if (http.body() != null) {
            body = Json.write(StepInputs.value("http.body", http.body(), vars, expressions));
            boolean typed = headers.keySet().stream().anyMatch(n -> n.equalsIgnoreCase("Content-Type"));
            if (!typed) {
                headers.put("Content-Type", "application/json");
            }
        }
        return new Plan.Call(step.name(), attempt, http.method(), url, headers, http.secretHeaders(), body, http.timeout());
    }

    private String text(String field, String template, Map<String, Object> vars) throws StepInputs.InputException {
        Object v = StepInputs.value(field, template, vars, expressions);
        return v instanceof String s ? s : Json.write(v);
    }

    /** The verdict on a response: the attempt ended, and its outputs when it succeeded. */
    Attempt judge(StepAction.Http http, Attempt running, HttpResult response, Map<String, Object> scope, Instant now) {
        Map<String, Object> vars = new HashMap<>(scope);
        vars.put(HttpStepReader.RESPONSE, view(response));
        String status = "HTTP " + response.status();
        boolean ok;
        try {
            ok = http.successCondition() == null ? response.status() / 100 == 2 : expressions.condition(http.successCondition(), vars);
        } catch (ExpressionException e) {
            if (response.status() / 100 == 2) {
                return ended(running, AttemptOutcome.UserError, EXPRESSION, "http.successCondition: " + e.getMessage(), now, null);
            }
            ok = false; // an error's body seldom has the success's shape: the status decides
        }
        if (!ok) {
            AttemptOutcome how = retried(http, response.status()) ? AttemptOutcome.PlatformError : AttemptOutcome.UserError;
            String why = http.successCondition() == null ? "status " + response.status() + " is not 2xx"
                    : "successCondition is false for status " + response.status();
            return ended(running, how, status, why + excerpt(response), now, null);
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, String> o : http.outputs().entrySet()) {
            try {
                outputs.put(o.getKey(), expressions.evaluate(o.getValue(), vars));
            } catch (ExpressionException e) {
                return ended(running, AttemptOutcome.UserError, EXPRESSION, "http.outputs." + o.getKey() + ": " + e.getMessage(), now, null);
            }
        }
        int size = Json.write(outputs).length();
        if (size > MAX_OUTPUT_BYTES) {
            return ended(running, AttemptOutcome.UserError, EXPRESSION, "http.outputs: " + size + " bytes of JSON, past the limit of "
                    + MAX_OUTPUT_BYTES + ": output less (a field, a count), not the whole body", now, null);
        }
        return ended(running, AttemptOutcome.Succeeded, status, null, now, outputs);
    }

    /**
     * What successCondition and outputs read as {@code response}: status, headers (lower-case names), body
     * (parsed when the response says it is JSON and it parses, else the text) and truncated.
     */
    static Map<String, Object> view(HttpResult r) {
        Object body = r.body() == null ? "" : r.body();
        String type = r.headers().getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
        if (!r.truncated() && type.contains("json") && r.body() != null && !r.body().isBlank()) {
            try {
                body = Json.read(r.body());
            } catch (IllegalArgumentException e) {
                body = r.body(); // says JSON, is not: the text, which a condition can still read
            }
        }
        Map<String, Object> view = new HashMap<>();
        view.put("status", (long) r.status());
        view.put("headers", r.headers());
        view.put("body", body);
        view.put("truncated", r.truncated());
        return view;
    }

    /** True when the status is one of the step's retryStatuses ("503", or a class such as "5xx"). */
    static boolean retried(StepAction.Http http, int status) {
        String code = String.valueOf(status);
        List<String> statuses = http.retryStatuses();
        return statuses.stream().anyMatch(s -> s.equals(code) || s.endsWith("xx") && s.charAt(0) == code.charAt(0));
    }

    private static String excerpt(HttpResult r) {
        if (r.body() == null || r.body().isBlank()) {
            return "";
        }
        String flat = r.body().replaceAll("\\s+", " ").strip();
        return ": " + (flat.length() > EXCERPT ? flat.substring(0, EXCERPT) + "…" : flat);
    }

    private static Attempt ended(Attempt running, AttemptOutcome how, String reason, String message, Instant now,
                                 Map<String, Object> outputs) {
        return new Attempt(running.number(), how, running.start(), now, null, reason, message, outputs);
    }
}
