package dev.baton.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.AnyType;
import java.util.List;
import java.util.Map;

/** An HTTP request the operator sends itself (no pod), under the operator's destination policy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpStep {
    @Required
    @Size(max = 2048)
    @JsonPropertyDescription("The URL, http:// or https://; may hold ${expressions}. The operator's destination policy (Helm value http.allow) must let its host, address and port through, and those of every redirect.")
    public String url;

    @Pattern("^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$")
    @JsonPropertyDescription("GET (default), HEAD, POST, PUT, PATCH, DELETE or OPTIONS.")
    public String method;

    @SchemaFrom(type = AnyValues.class)
    @JsonPropertyDescription("Request headers: name to a text (may hold ${expressions}) or {secretKeyRef: {name, key}}, whose value the operator reads from that Secret of the instance's namespace as it sends the call and never writes anywhere. Baton adds Idempotency-Key: <instance uid>/<step>/<attempt> unless set here.")
    public Map<String, Object> headers;

    @JsonPropertyDescription("The request body: a text (may hold ${expressions}), or any JSON value (its strings may hold ${expressions}), sent as JSON with Content-Type application/json unless a header says otherwise.")
    public AnyType body;

    @Size(max = 32)
    @ValidationRule(value = "self.matches('^([0-9]+(\\\\.[0-9]+)?(ns|us|ms|s|m|h))+$')", message = "must be a Go duration such as 90s, 30m or 2h")
    @JsonPropertyDescription("Longest wait for the response of one attempt, at most 10m (default 30s); past it the attempt is a platform error.")
    public String timeout;

    @Size(max = 4096)
    @JsonPropertyDescription("CEL condition over response.status, response.headers (lower-case names), response.body (parsed when JSON) and response.truncated, besides params, steps and instance; the attempt succeeds when true. Default: a 2xx status.")
    public String successCondition;

    @JsonPropertyDescription("Step outputs: name to a CEL expression over response (and params, steps, instance), evaluated when the attempt succeeds; at most 4 KiB of JSON in all.")
    public Map<String, String> outputs;

    @Size(max = 100)
    @JsonPropertyDescription("Statuses that count as platform errors when the attempt fails (retried up to retry.platform): codes such as \"429\" or classes such as \"5xx\". Default [\"5xx\"]. Other failing statuses are user errors (retry.errors).")
    public List<String> retryStatuses;
}
